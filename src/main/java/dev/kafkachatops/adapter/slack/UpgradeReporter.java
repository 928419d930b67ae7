package dev.kafkachatops.adapter.slack;

import dev.kafkachatops.plan.upgrade.HopPlan;
import dev.kafkachatops.plan.upgrade.Phase;
import dev.kafkachatops.plan.upgrade.StepKind;
import dev.kafkachatops.plan.upgrade.UpgradePlan;
import dev.kafkachatops.plan.upgrade.UpgradeStep;
import dev.kafkachatops.port.ChatNotifier;
import dev.kafkachatops.run.upgrade.UpgradeRunner;
import dev.kafkachatops.view.Format;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

/**
 * An upgrade's progress in the channel: one checklist message (hop by hop, phase by phase, node by node) edited in
 * place with the elapsed time and an ETA, and a thread entry per finished node restart and per cluster-wide step,
 * with timings.
 */
public final class UpgradeReporter implements UpgradeRunner.Listener {
    private final ChatNotifier chat;
    private final String channel;
    private final String threadTs;
    private final String id;
    private final UpgradePlan plan;
    private final Set<String> done;
    private final Clock clock;
    private final Instant started;
    private final Map<Integer, Instant> nodeStarted = new HashMap<>();
    private String checklistTs;
    private String current = "";

    public UpgradeReporter(ChatNotifier chat, String channel, String threadTs, String id, UpgradePlan plan,
                           Set<String> alreadyDone, Clock clock) {
        this.chat = chat;
        this.channel = channel;
        this.threadTs = threadTs;
        this.id = id;
        this.plan = plan;
        this.done = new java.util.HashSet<>(alreadyDone);
        this.clock = clock;
        this.started = clock.instant();
    }

    @Override
    public void stepStarted(UpgradeStep step) {
        current = step.key();
        if (step.kind() == StepKind.SAFETY_GATE || step.kind() == StepKind.STOP && step.node().isPresent()
                && !nodeStarted.containsKey(step.node().get())) {
            nodeStarted.putIfAbsent(step.node().orElseThrow(), clock.instant());
        }
        update(step.text() + "…");
    }

    @Override
    public void stepDone(UpgradeStep step, Duration took) {
        done.add(step.key());
        if (step.kind() == StepKind.ELECT_LEADERS || step.kind() == StepKind.HEALTH_GATE && !hasElect(step)) {
            int node = step.node().orElseThrow();
            Duration total = Duration.between(nodeStarted.getOrDefault(node, clock.instant()), clock.instant());
            chat.post(channel, Optional.of(threadTs), ":white_check_mark: Node " + node + " runs "
                    + hopOf(step).map(h -> h.to().toString()).orElse("the new version") + ": stopped, switched, "
                    + "restarted and healthy in " + seconds(total) + " (" + phaseOf(step) + ")", null);
        } else if (!step.kind().perNode()) {
            chat.post(channel, Optional.of(threadTs), ":white_check_mark: " + step.text() + " (" + seconds(took)
                    + ")", null);
        }
        update(null);
    }

    @Override
    public void waiting(UpgradeStep step, String why) {
        update(step.text() + ": waiting (" + why + ")");
    }

    private boolean hasElect(UpgradeStep gate) {
        return plan.steps().stream().anyMatch(s -> s.kind() == StepKind.ELECT_LEADERS && s.node().equals(gate.node())
                && s.key().startsWith(gate.key().substring(0, gate.key().lastIndexOf('/'))));
    }

    private String phaseOf(UpgradeStep step) {
        for (HopPlan h : plan.hops()) {
            for (Phase ph : h.phases()) {
                if (ph.steps().contains(step)) {
                    return (plan.hops().size() > 1 ? "hop " + h.number() + ", " : "")
                            + dev.kafkachatops.plan.upgrade.UpgradePlanText.phaseLabel(ph).toLowerCase(
                            java.util.Locale.ROOT);
                }
            }
        }
        return "";
    }

    private Optional<HopPlan> hopOf(UpgradeStep step) {
        return plan.hops().stream().filter(h -> h.steps().contains(step)).findFirst();
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** The checklist as text: ✅ done, ▶ current, ▫ waiting; per phase its nodes in order. */
    String checklist(String now) {
        var sb = new StringBuilder();
        for (HopPlan h : plan.hops()) {
            sb.append("*Hop ").append(h.number()).append(": ").append(h.from()).append(" → ").append(h.to())
                    .append("*\n");
            for (Phase ph : h.phases()) {
                sb.append(mark(ph.steps())).append(' ').append(ph.title());
                if (ph.restartsNodes()) {
                    sb.append(": ");
                    for (int n : ph.nodeOrder()) {
                        List<UpgradeStep> ns = ph.steps().stream().filter(s -> s.node().equals(Optional.of(n))).toList();
                        sb.append(mark(ns)).append(" node ").append(n).append("  ");
                    }
                }
                sb.append('\n');
            }
        }
        if (now != null) sb.append("\n_Now:_ ").append(now);
        return sb.toString();
    }

    private String mark(List<UpgradeStep> steps) {
        if (!steps.isEmpty() && steps.stream().allMatch(s -> done.contains(s.key()))) return ":white_check_mark:";
        if (steps.stream().anyMatch(s -> s.key().equals(current) || done.contains(s.key()))) return ":arrow_forward:";
        return ":white_small_square:";
    }

    private void update(String now) {
        long total = plan.steps().size();
        long finished = plan.steps().stream().filter(s -> done.contains(s.key())).count();
        Duration remaining = plan.steps().stream().filter(s -> !done.contains(s.key())).map(UpgradeStep::estimate)
                .reduce(Duration.ZERO, Duration::plus);
        String title = ":arrow_double_up: " + id + ": upgrade " + plan.cluster() + " " + plan.route();
        String footer = finished + " of " + total + " steps · elapsed " + Format.duration(Duration.between(started,
                clock.instant())) + (finished < total ? " · ETA about " + Format.duration(remaining) : " · finished");
        var blocks = List.of(
                header(h -> h.text(plainText(StatusView.truncate(title, 150), true))),
                section(s -> s.text(markdownText(StatusView.truncate(checklist(now), 3000)))),
                context(c -> c.elements(List.of(markdownText(footer)))));
        String json = RunViews.json(blocks);
        if (checklistTs == null) checklistTs = chat.post(channel, Optional.empty(), title, json);
        else chat.update(channel, checklistTs, title + " — " + footer, json);
    }
}
