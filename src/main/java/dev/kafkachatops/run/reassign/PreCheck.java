package dev.kafkachatops.run.reassign;

import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.plan.reassign.PartitionMove;
import dev.kafkachatops.port.ReassignmentAdmin;
import dev.kafkachatops.port.ReassignmentAdmin.AdminException;
import dev.kafkachatops.view.Format;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Before a run: drops moves already in place and refuses what would be unsafe (another reassignment in progress,
 * a partition changed or gone since the plan, a destination broker not alive). Moves of this run still in flight
 * from an earlier attempt, with the planned target, are adopted: they stay in the result and are awaited, not
 * refused as "another reassignment".
 */
final class PreCheck {
    /** The run must not start; the message says why and what to do. */
    static final class Refusal extends Exception {
        Refusal(String message) {
            super(message);
        }
    }

    private final ReassignmentAdmin admin;

    PreCheck(ReassignmentAdmin admin) {
        this.admin = admin;
    }

    /** The moves to make, adopted ones included; the adopted ones are also added to {@code adopted}. */
    List<PartitionMove> run(List<PartitionMove> planned, boolean allowOtherReassignments,
                            Set<TopicPartitionRef> adoptable, List<PartitionMove> adopted)
            throws AdminException, Refusal {
        Set<TopicPartitionRef> busy = new HashSet<>(admin.inProgress());
        if (!adoptable.isEmpty() && !busy.isEmpty()) adopt(planned, adoptable, busy, adopted);
        if (!allowOtherReassignments && !busy.isEmpty()) {
            throw new Refusal("Another reassignment is in progress (" + Format.plural(busy.size(), "partition")
                    + ", e.g. "
                    + busy.iterator().next() + "); wait for it to finish or cancel it first.");
        }
        Map<TopicPartitionRef, List<Integer>> current = admin.replicas(planned.stream().map(PartitionMove::tp).toList());
        Set<Integer> live = admin.liveBrokers();
        List<PartitionMove> todo = new ArrayList<>();
        for (PartitionMove m : planned) {
            if (adopted.contains(m)) {
                todo.add(m);
                continue;
            }
            List<Integer> now = current.get(m.tp());
            if (now == null) throw new Refusal("Partition " + m.tp() + " no longer exists; plan again.");
            if (now.equals(m.to())) continue;
            if (!now.equals(m.from())) {
                throw new Refusal("Partition " + m.tp() + " changed since the plan was made (replicas now " + now
                        + ", plan expected " + m.from() + "); plan again.");
            }
            for (int b : m.added()) {
                if (!live.contains(b)) throw new Refusal("Destination broker " + b + " is not alive; nothing was moved.");
            }
            todo.add(m);
        }
        return todo;
    }

    private void adopt(List<PartitionMove> planned, Set<TopicPartitionRef> adoptable, Set<TopicPartitionRef> busy,
                       List<PartitionMove> adopted) throws AdminException {
        Map<TopicPartitionRef, List<Integer>> targets = admin.inProgressTargets();
        for (PartitionMove m : planned) {
            if (adoptable.contains(m.tp()) && busy.contains(m.tp())
                    && new HashSet<>(m.to()).equals(new HashSet<>(targets.getOrDefault(m.tp(), List.of())))) {
                adopted.add(m);
                busy.remove(m.tp());
            }
        }
    }
}
