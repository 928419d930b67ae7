package dev.kafkachatops.plan.upgrade;

import dev.kafkachatops.domain.ClusterMode;
import dev.kafkachatops.domain.version.KafkaVersion;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A planned rolling upgrade: the hops in order, each with its phases and steps, the findings (blockers first), and
 * the estimated duration, and the release notes of every line the upgrade enters. Empty (no hops) when the cluster already runs the target and nothing is left to finish.
 * A plan with a blocker must not run.
 */
public record UpgradePlan(String cluster, ClusterMode mode, List<KafkaVersion> running, KafkaVersion target,
                          List<HopPlan> hops, List<Finding> findings, Duration estimated,
                          List<ReleaseNote> releaseNotes) {

    public UpgradePlan {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(mode, "mode");
        running = List.copyOf(running);
        Objects.requireNonNull(target, "target");
        hops = List.copyOf(hops);
        findings = findings.stream().sorted(Comparator.comparing(Finding::severity)).toList();
        Objects.requireNonNull(estimated, "estimated");
        releaseNotes = releaseNotes == null ? List.of() : List.copyOf(releaseNotes); // absent in plans stored before
        for (int i = 0; i < hops.size(); i++) {
            if (hops.get(i).number() != i + 1) throw new IllegalArgumentException("hops must be numbered 1, 2, ...");
        }
        var keys = new HashSet<String>();
        for (HopPlan h : hops) {
            for (UpgradeStep s : h.steps()) {
                if (!keys.add(s.key())) throw new IllegalArgumentException("duplicate step key " + s.key());
            }
        }
    }

    /** The same plan with {@code more} findings (checks made outside the planner, e.g. against the target's jars). */
    public UpgradePlan withFindings(List<Finding> more) {
        List<Finding> all = new ArrayList<>(findings);
        all.addAll(more);
        return new UpgradePlan(cluster, mode, running, target, hops, all, estimated, releaseNotes);
    }

    /** Nothing to do: every node runs the target and the upgrade is finished. */
    public boolean isEmpty() {
        return hops.isEmpty();
    }

    public boolean blocked() {
        return findings.stream().anyMatch(Finding::blocks);
    }

    public List<Finding> findings(Finding.Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).toList();
    }

    public List<UpgradeStep> steps() {
        return hops.stream().flatMap(h -> h.steps().stream()).toList();
    }

    /** "3.7.2" or, for mixed versions, "3.7.2/3.9.2"; "?" when nothing was detected. */
    public String runningLabel() {
        return running.isEmpty() ? "?" : running.stream().map(KafkaVersion::toString).collect(Collectors.joining("/"));
    }

    /** "3.7.2 → 3.9.2 → 4.1.2": the versions the cluster passes through. */
    public String route() {
        if (hops.isEmpty()) return runningLabel();
        var sb = new StringBuilder(runningLabel());
        KafkaVersion last = running.isEmpty() ? null : running.get(running.size() - 1);
        for (HopPlan h : hops) {
            if (!h.to().equals(last)) sb.append(" → ").append(h.to());
            last = h.to();
        }
        return sb.toString();
    }
}
