package dev.kafkachatops.adapter.store;

import dev.kafkachatops.domain.ops.Approval;
import dev.kafkachatops.domain.ops.AuditEntry;
import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.domain.ops.ControlRequest;
import dev.kafkachatops.domain.ops.NewOperation;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.port.OperationStore;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * {@link OperationStore} in memory, for tests of the core and for one-shot CLI runs; thread-safe. It behaves like
 * the JDBC store, down to the details the contract test checks: instants are cut to microseconds, {@link #update}
 * is a compare-and-set that re-applies the change on a conflict, and an approval or checkpoint for an unknown
 * operation is an {@link IllegalArgumentException}, and {@link #list} breaks ties by the id's number.
 */
public final class InMemoryOperationStore implements OperationStore {
    private static final Comparator<Operation> APPROVAL_ORDER = Comparator
            .comparing((Operation o) -> o.approvedAt().isEmpty())
            .thenComparing(o -> o.approvedAt().orElse(Instant.EPOCH))
            .thenComparing(Operation::createdAt)
            .thenComparingLong(InMemoryOperationStore::number);

    private final AtomicLong operationSeq = new AtomicLong();
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();
    private final Map<String, List<Approval>> approvals = new HashMap<>();
    private final Map<String, LinkedHashMap<String, Checkpoint>> checkpoints = new HashMap<>();
    private final List<AuditEntry> auditLog = new ArrayList<>();
    private final Map<String, ControlRequest> controls = new HashMap<>();
    private long auditSeq;

    @Override
    public Operation insert(NewOperation op) {
        String id = op.kind().prefix() + operationSeq.incrementAndGet();
        var stored = new Operation(id, op.cluster(), op.kind(), op.title(), op.requester(), op.channel(),
                Optional.empty(), op.planJson(), op.planHash(), op.fingerprint(), OpState.AWAITING_APPROVAL,
                micros(op.createdAt()), micros(op.expiresAt()), Optional.empty(), Optional.empty(), Optional.empty(),
                0);
        operations.put(id, stored);
        return stored;
    }

    @Override
    public Optional<Operation> find(String id) {
        return Optional.ofNullable(operations.get(id));
    }

    @Override
    public List<Operation> list(Optional<String> cluster, Set<OpState> states) {
        return operations.values().stream()
                .filter(o -> states.contains(o.state()))
                .filter(o -> cluster.map(o.cluster()::equals).orElse(true))
                .sorted(APPROVAL_ORDER)
                .toList();
    }

    @Override
    public Optional<Operation> findByMessage(String channel, String ts) {
        return operations.values().stream()
                .filter(o -> o.channel().equals(channel) && o.messageTs().equals(Optional.of(ts)))
                .max(Comparator.comparing(Operation::createdAt));
    }

    @Override
    public Optional<Operation> update(String id, Function<Operation, Optional<Operation>> change) {
        while (true) {
            Operation current = operations.get(id);
            if (current == null) return Optional.empty();
            Optional<Operation> changed = change.apply(current);
            if (changed.isEmpty()) return Optional.empty();
            Operation next = stored(changed.get(), current.version() + 1);
            if (!next.id().equals(id) || !next.cluster().equals(current.cluster()) || next.kind() != current.kind()) {
                throw new IllegalArgumentException("an update may not change the id, cluster or kind of " + id);
            }
            if (operations.replace(id, current, next)) return Optional.of(next);
        }
    }

    @Override
    public synchronized boolean addApproval(Approval approval) {
        requireKnown(approval.operationId());
        List<Approval> list = approvals.computeIfAbsent(approval.operationId(), k -> new ArrayList<>());
        if (list.stream().anyMatch(a -> a.user().equals(approval.user()))) return false;
        list.add(new Approval(approval.operationId(), approval.user(), micros(approval.at())));
        return true;
    }

    @Override
    public synchronized boolean removeApproval(String operationId, String user) {
        List<Approval> list = approvals.getOrDefault(operationId, new ArrayList<>());
        return list.removeIf(a -> a.user().equals(user));
    }

    @Override
    public synchronized List<Approval> approvals(String operationId) {
        return approvals.getOrDefault(operationId, new ArrayList<>()).stream()
                .sorted(Comparator.comparing(Approval::at))
                .toList();
    }

    @Override
    public synchronized void checkpoint(Checkpoint cp) {
        requireKnown(cp.operationId());
        checkpoints.computeIfAbsent(cp.operationId(), k -> new LinkedHashMap<>())
                .put(cp.step(), new Checkpoint(cp.operationId(), cp.step(), cp.status(), cp.detail(), micros(cp.at())));
    }

    @Override
    public synchronized List<Checkpoint> checkpoints(String operationId) {
        return List.copyOf(checkpoints.getOrDefault(operationId, new LinkedHashMap<>()).values());
    }

    @Override
    public synchronized void request(ControlRequest r) {
        requireKnown(r.operationId());
        controls.put(r.operationId(), new ControlRequest(r.operationId(), r.action(), r.user(), micros(r.at())));
    }

    @Override
    public synchronized Optional<ControlRequest> control(String operationId) {
        return Optional.ofNullable(controls.get(operationId));
    }

    @Override
    public synchronized void clearControl(String operationId) {
        controls.remove(operationId);
    }

    @Override
    public synchronized AuditEntry audit(AuditEntry e) {
        var stored = new AuditEntry(++auditSeq, e.cluster(), e.operationId(), e.event(), e.actor(),
                e.detail(), micros(e.at()));
        auditLog.add(stored);
        return stored;
    }

    @Override
    public synchronized List<AuditEntry> history(Optional<String> cluster, Optional<String> operationId, int limit) {
        if (limit < 0) throw new IllegalArgumentException("limit must not be negative: " + limit);
        var newestFirst = new ArrayList<AuditEntry>();
        for (int i = auditLog.size() - 1; i >= 0 && newestFirst.size() < limit; i--) {
            AuditEntry e = auditLog.get(i);
            if (cluster.map(e.cluster()::equals).orElse(true) && operationId.map(id -> e.operationId()
                    .map(id::equals).orElse(false)).orElse(true)) {
                newestFirst.add(e);
            }
        }
        return newestFirst;
    }

    @Override
    public synchronized int prune(Instant before) {
        int[] removed = {0};
        approvals.forEach((id, list) -> {
            if (terminal(id)) {
                int size = list.size();
                list.removeIf(a -> a.at().isBefore(before));
                removed[0] += size - list.size();
            }
        });
        checkpoints.forEach((id, steps) -> {
            if (terminal(id)) {
                int size = steps.size();
                steps.values().removeIf(c -> c.at().isBefore(before));
                removed[0] += size - steps.size();
            }
        });
        int size = auditLog.size();
        auditLog.removeIf(e -> e.operationId().map(this::terminal).orElse(false) && e.at().isBefore(before));
        return removed[0] + size - auditLog.size();
    }

    private boolean terminal(String operationId) {
        Operation op = operations.get(operationId);
        return op != null && op.state().terminal();
    }

    private void requireKnown(String operationId) {
        if (!operations.containsKey(operationId)) {
            throw new IllegalArgumentException("unknown operation " + operationId);
        }
    }

    private static Operation stored(Operation op, long version) {
        return new Operation(op.id(), op.cluster(), op.kind(), op.title(), op.requester(), op.channel(),
                op.messageTs(), op.planJson(), op.planHash(), op.fingerprint(), op.state(), micros(op.createdAt()),
                micros(op.expiresAt()), op.approvedAt().map(InMemoryOperationStore::micros),
                op.scheduledFor().map(InMemoryOperationStore::micros), op.stateDetail(), version);
    }

    private static long number(Operation op) {
        return Long.parseLong(op.id().substring(op.kind().prefix().length()));
    }

    private static Instant micros(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }
}
