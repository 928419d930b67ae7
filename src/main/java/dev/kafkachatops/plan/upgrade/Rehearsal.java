package dev.kafkachatops.plan.upgrade;

import dev.kafkachatops.domain.version.KafkaVersion;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The rehearsal gate ("upgrade a development cluster of the same version first"), decided from finished upgrades:
 * <ol>
 *   <li>only a production cluster's non-empty plan is gated;</li>
 *   <li>it passes when the same hop (the versions the cluster runs now → the target) finished on its rehearsal
 *       cluster no longer than {@code maxAge} ago: an INFO finding names the newest such run;</li>
 *   <li>otherwise it is a BLOCKER saying why (no rehearsal cluster configured, the hop never finished there, or only
 *       too long ago), unless the requester asked to skip it: then a WARNING, and the plan needs one approval more.</li>
 * </ol>
 */
public final class Rehearsal {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    /** One finished upgrade as the store records it: the versions it started from, its target, and its run. */
    public record Run(String operationId, String cluster, List<String> from, String to, Instant started,
                      Instant finished, int halts) {
        public Run {
            Objects.requireNonNull(operationId, "operationId");
            Objects.requireNonNull(cluster, "cluster");
            from = List.copyOf(from);
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(started, "started");
            Objects.requireNonNull(finished, "finished");
        }

        /** "staging-eu on 2026-12-01 (U12, 14 min, 0 halts)" */
        public String describe() {
            return cluster + " on " + DAY.format(finished) + " (" + operationId + ", " + took() + ", "
                    + halts + (halts == 1 ? " halt)" : " halts)");
        }

        private String took() {
            Duration d = Duration.between(started, finished);
            return d.toMinutes() >= 1 ? Math.round(d.toSeconds() / 60.0) + " min" : d.toSeconds() + " s";
        }
    }

    /** What the gate asks of a plan. {@code rehearsal} empty: the cluster names no rehearsal cluster. */
    public record Policy(boolean production, Optional<String> rehearsal, Duration maxAge, int requiredApprovals) {
        public Policy {
            Objects.requireNonNull(rehearsal, "rehearsal");
            Objects.requireNonNull(maxAge, "maxAge");
        }
    }

    /** The gate's finding (none for a cluster that is not gated) and whether the plan skips it (one approval more). */
    public record Decision(Optional<Finding> finding, boolean skipped) {
        static final Decision NONE = new Decision(Optional.empty(), false);
    }

    private Rehearsal() {
    }

    public static Decision decide(UpgradePlan plan, Policy policy, List<Run> finished, boolean skip, Instant now) {
        if (!policy.production() || plan.isEmpty()) return Decision.NONE;
        List<String> from = plan.running().stream().map(KafkaVersion::toString).toList();
        String hop = String.join("/", from) + " → " + plan.target();
        String why;
        if (policy.rehearsal().isEmpty()) {
            why = plan.cluster() + " is a production cluster that names no rehearsal cluster (set `rehearsal:` in "
                    + "its config)";
        } else {
            String on = policy.rehearsal().get();
            List<Run> same = finished.stream().filter(r -> r.cluster().equals(on) && r.from().equals(from)
                    && r.to().equals(plan.target().toString())).sorted(Comparator.comparing(Run::finished).reversed())
                    .toList();
            Optional<Run> fresh = same.stream().filter(r -> !r.finished().plus(policy.maxAge()).isBefore(now))
                    .findFirst();
            if (fresh.isPresent()) {
                return new Decision(Optional.of(new Finding(Finding.Reason.REHEARSED, "Rehearsed on "
                        + fresh.get().describe())), false);
            }
            why = same.isEmpty() ? "the hop " + hop + " has not finished on " + on + lastOther(finished, on)
                    : "the hop " + hop + " last finished on " + same.get(0).describe() + ", "
                    + Duration.between(same.get(0).finished(), now).toDays() + " days ago: more than the "
                    + days(policy.maxAge()) + " allowed (rehearsalMaxAge)";
        }
        int more = policy.requiredApprovals() + 1;
        if (skip) {
            return new Decision(Optional.of(new Finding(Finding.Reason.REHEARSAL_SKIPPED, "not rehearsed: " + why
                    + ". Asked with skip-rehearsal, so the plan needs " + more + " approvals (one more than usual)")),
                    true);
        }
        String first = policy.rehearsal().map(on -> "upgrade " + on + " to " + plan.target() + " first, or ")
                .orElse("");
        return new Decision(Optional.of(new Finding(Finding.Reason.NOT_REHEARSED, why + ": " + first
                + "ask with `upgrade " + plan.target() + " skip-rehearsal` (needs " + more + " approvals)")), false);
    }

    /** " (its newest finished upgrade: U3, 3.8.1 → 3.9.1 on 2026-11-02)" or "". */
    private static String lastOther(List<Run> finished, String on) {
        return finished.stream().filter(r -> r.cluster().equals(on)).max(Comparator.comparing(Run::finished))
                .map(r -> " (its newest finished upgrade: " + r.operationId() + ", " + String.join("/", r.from())
                        + " → " + r.to() + " on " + DAY.format(r.finished()) + ")").orElse("");
    }

    private static String days(Duration d) {
        return d.toDays() >= 1 && d.toHours() % 24 == 0 ? d.toDays() + " days" : d.toHours() + " h";
    }
}
