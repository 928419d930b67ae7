package dev.kafkachatops.run.reassign;

import dev.kafkachatops.port.ReassignmentAdmin;
import dev.kafkachatops.port.ThrottleLedger;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Predicate;

/** At bot start: removes throttles that an earlier run recorded in the ledger but did not remove. */
public final class ThrottleSweeper {
    private ThrottleSweeper() {
    }

    /** @return one line per entry swept or left (cluster unreachable) */
    public static List<String> sweep(ThrottleLedger ledger, Function<String, ReassignmentAdmin> adminFor) {
        return sweep(ledger, adminFor, runId -> false);
    }

    /**
     * Leaves the entries of the runs {@code live} names (executing on another bot instance, or about to be taken over
     * by one: the run removes its throttles itself).
     *
     * @return one line per entry swept or left (cluster unreachable)
     */
    public static List<String> sweep(ThrottleLedger ledger, Function<String, ReassignmentAdmin> adminFor,
                                     Predicate<String> live) {
        List<String> report = new ArrayList<>();
        for (ThrottleLedger.Entry e : ledger.entries()) {
            if (live.test(e.runId())) continue;
            try {
                ReassignmentAdmin admin = adminFor.apply(e.cluster());
                admin.setBrokerThrottle(e.brokers(), OptionalLong.empty());
                for (String t : e.topics()) admin.setTopicThrottledReplicas(t, List.of(), List.of());
                ledger.clear(e.cluster(), e.runId());
                report.add("Removed throttles left by run " + e.runId() + " on " + e.cluster() + ": brokers "
                        + e.brokers() + ", topics " + e.topics());
            } catch (ReassignmentAdmin.AdminException | RuntimeException ex) {
                report.add("Could not remove throttles of run " + e.runId() + " on " + e.cluster() + " yet: "
                        + ex.getMessage());
            }
        }
        return report;
    }
}
