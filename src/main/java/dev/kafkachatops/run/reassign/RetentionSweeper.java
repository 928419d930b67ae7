package dev.kafkachatops.run.reassign;

import dev.kafkachatops.port.ReassignmentAdmin;
import dev.kafkachatops.port.RetentionAdmin;
import dev.kafkachatops.port.RetentionLedger;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/** At bot start: puts back every {@code retention.ms} that an earlier run lowered and did not restore. */
public final class RetentionSweeper {
    private RetentionSweeper() {
    }

    /** @return one line per entry restored or left (cluster unreachable: it stays for the next start) */
    public static List<String> sweep(RetentionLedger ledger, Function<String, ? extends RetentionAdmin> adminFor) {
        return sweep(ledger, adminFor, runId -> false);
    }

    /**
     * Leaves the entries of the runs {@code live} names (executing on another bot instance, or about to be taken over
     * by one: the run restores the retention itself).
     *
     * @return one line per entry restored or left (cluster unreachable: it stays for the next start)
     */
    public static List<String> sweep(RetentionLedger ledger, Function<String, ? extends RetentionAdmin> adminFor,
                                     Predicate<String> live) {
        List<String> report = new ArrayList<>();
        for (RetentionLedger.Entry e : ledger.entries()) {
            if (live.test(e.runId())) continue;
            try {
                restore(adminFor.apply(e.cluster()), ledger, e);
                report.add("Restored retention.ms of " + e.topic() + " on " + e.cluster() + " left lowered by run "
                        + e.runId() + ": " + describe(e));
            } catch (ReassignmentAdmin.AdminException | RuntimeException ex) {
                report.add("Could not restore retention.ms of " + e.topic() + " on " + e.cluster() + " (run "
                        + e.runId() + ", " + describe(e) + ") yet: " + ex.getMessage());
            }
        }
        return report;
    }

    /** Sets the original value back (or deletes the key), then clears the entry. */
    static void restore(RetentionAdmin admin, RetentionLedger ledger, RetentionLedger.Entry e)
            throws ReassignmentAdmin.AdminException {
        admin.setRetention(e.topic(), e.originalValue());
        ledger.clear(e.cluster(), e.runId());
    }

    static String describe(RetentionLedger.Entry e) {
        return e.originalValue().map(v -> "back to " + v).orElse("topic override removed (broker default again)");
    }
}
