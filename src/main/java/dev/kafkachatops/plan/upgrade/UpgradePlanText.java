package dev.kafkachatops.plan.upgrade;

import dev.kafkachatops.plan.reassign.PlanText;

import java.util.List;
import java.util.stream.Collectors;

/** An upgrade plan as plain text, for the terminal and for Slack's notification fallback. Pure. */
public final class UpgradePlanText {
    private UpgradePlanText() {
    }

    /** "prod: 3.7.2 → 3.9.2 → 4.1.2 (KRaft), 2 hops, 3 nodes, 46 steps, about 1m 30s" (+ ", BLOCKED: ..."). */
    public static String summary(UpgradePlan p) {
        if (p.isEmpty()) return p.cluster() + ": nothing to do, every node runs " + p.target();
        int blockers = p.findings(Finding.Severity.BLOCKER).size();
        return p.cluster() + ": " + p.route() + " (" + p.mode().label() + "), " + plural(p.hops().size(), "hop") + ", "
                + plural(nodes(p), "node") + ", " + plural(p.steps().size(), "step") + ", about "
                + PlanText.duration(p.estimated())
                + (blockers > 0 ? ", BLOCKED by " + plural(blockers, "blocker") : "");
    }

    /** The summary, findings, and every hop with its phases and restart order. */
    public static String render(UpgradePlan p) {
        var b = new StringBuilder(summary(p)).append('\n');
        if (p.isEmpty()) return b.toString();
        findings(b, "Blockers (the plan cannot run)", p.findings(Finding.Severity.BLOCKER));
        findings(b, "Warnings", p.findings(Finding.Severity.WARNING));
        findings(b, "Notes", p.findings(Finding.Severity.INFO));
        if (!p.releaseNotes().isEmpty()) {
            b.append("Release notes of the lines entered (read before approving):\n");
            p.releaseNotes().forEach(n -> b.append("  - ").append(n.text()).append('\n'));
        }
        for (HopPlan h : p.hops()) {
            b.append('\n').append("Hop ").append(h.number()).append(": ").append(h.from()).append(" -> ")
                    .append(h.to()).append("   upgrade notes: ").append(h.upgradeNotes()).append('\n');
            h.note().ifPresent(n -> b.append("  ").append(n).append('\n'));
            for (Phase ph : h.phases()) {
                b.append("  ").append(phaseLabel(ph)).append(": ").append(ph.title()).append(" (")
                        .append(plural(ph.steps().size(), "step")).append(")\n");
                if (ph.restartsNodes()) b.append("    order: ").append(order(ph, " -> ")).append('\n');
            }
        }
        return b.toString();
    }

    /** Every step with its key, one per line: what the runner will do, in order. */
    public static String steps(UpgradePlan p) {
        var b = new StringBuilder();
        int i = 0;
        for (UpgradeStep s : p.steps()) {
            b.append(String.format("%3d. %-44s %s%n", ++i, s.key(), s.text()));
        }
        return b.toString();
    }

    /** "Phase 1", or "Prepare". */
    public static String phaseLabel(Phase ph) {
        return ph.kind() == Phase.Kind.PREPARE ? "Prepare" : "Phase " + ph.kind().slug().substring("phase".length());
    }

    /**
     * A phase's restart order: "1 -> 3 -> 2", or its batches with the estimate of each,
     * "{4, 7} about 13s -> {5, 8} about 13s" (brokers of a batch restart together).
     */
    public static String order(Phase ph, String arrow) {
        if (!ph.batched()) return ph.nodeOrder().stream().map(String::valueOf).collect(Collectors.joining(arrow));
        return ph.units().stream().map(u -> "{" + u.stream().map(String::valueOf).collect(Collectors.joining(", "))
                + "} about " + PlanText.duration(ph.estimate(u))).collect(Collectors.joining(arrow));
    }

    /** "1 -> 3 -> 2" */
    public static String order(List<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(" -> "));
    }

    /** Distinct nodes restarted anywhere in the plan. */
    public static int nodes(UpgradePlan p) {
        return (int) p.hops().stream().flatMap(h -> h.restartOrder().stream()).distinct().count();
    }

    private static void findings(StringBuilder b, String title, List<Finding> list) {
        if (list.isEmpty()) return;
        b.append(title).append(":\n");
        list.forEach(f -> b.append("  - ").append(f.text()).append('\n'));
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
