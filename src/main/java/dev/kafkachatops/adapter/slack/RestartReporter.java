package dev.kafkachatops.adapter.slack;

import dev.kafkachatops.ops.upgrade.RestartReport;
import dev.kafkachatops.plan.upgrade.Phase;
import dev.kafkachatops.plan.upgrade.RestartPlan;
import dev.kafkachatops.plan.upgrade.StepKind;
import dev.kafkachatops.plan.upgrade.UpgradeStep;
import dev.kafkachatops.port.ChatNotifier;
import dev.kafkachatops.view.Format;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

/**
 * A rolling restart's progress in the channel, as an upgrade's ({@link UpgradeReporter}): one checklist message
 * (phase by phase, node by node; a phase of many nodes as counts) edited in place with the elapsed time and an ETA,
 * and a thread entry per node restarted, with its time. The first thread entry repeats the reason (escaped).
 * Slack calls go out through a {@link ProgressChannel}, so a slow Slack never delays the restart.
 */
public final class RestartReporter implements RestartReport {
    private final ProgressChannel out;
    private final ProgressChannel.Live checklistMessage;
    private final String id;
    private final RestartPlan plan;
    private final Set<String> done;
    private final Clock clock;
    private final Instant started;
    /** When each node's restart began, by its steps' common key ("hop1/phase2/broker-3"). */
    private final Map<String, Instant> restartStarted = new HashMap<>();
    private String current = "";
    private volatile String ended;

    public RestartReporter(ChatNotifier chat, String channel, String threadTs, String id, RestartPlan plan,
                           Set<String> alreadyDone, Clock clock, Optional<String> checklistTs,
                           Consumer<String> checklistPosted) {
        this.out = new ProgressChannel(chat, channel, threadTs, id);
        this.checklistMessage = out.live(checklistTs, checklistPosted);
        this.id = id;
        this.plan = plan;
        this.done = new HashSet<>(alreadyDone);
        this.clock = clock;
        this.started = clock.instant();
        if (alreadyDone.isEmpty()) {
            out.thread(":arrows_counterclockwise: Restarting " + plan.scope() + " of " + plan.cluster() + ", "
                    + pace(plan) + ". Reason: " + RestartPlanView.reason(plan), null);
        }
    }

    /** Opens a report per run for the workflow. */
    public static RestartReport.Factory factory(ChatNotifier chat, Clock clock) {
        return (op, plan, done, checklistTs, posted) -> new RestartReporter(chat, op.channel(),
                op.messageTs().orElseThrow(), op.id(), plan, done, clock, checklistTs, posted);
    }

    @Override
    public void stepStarted(UpgradeStep step) {
        current = step.key();
        if (step.node().isPresent()) restartStarted.putIfAbsent(restartOf(step), clock.instant());
        update(step.text() + "…");
    }

    @Override
    public void stepDone(UpgradeStep step, Duration took) {
        done.add(step.key());
        boolean last = step.kind() == StepKind.ELECT_LEADERS || step.kind() == StepKind.HEALTH_GATE
                && plan.steps().stream().noneMatch(s -> s.kind() == StepKind.ELECT_LEADERS
                && restartOf(s).equals(restartOf(step)));
        if (last) {
            Duration total = Duration.between(restartStarted.getOrDefault(restartOf(step), clock.instant()),
                    clock.instant());
            out.thread(":white_check_mark: Node " + step.node().orElseThrow() + " restarted and healthy in "
                    + seconds(total), null);
        } else if (!step.kind().perNode()) {
            out.thread(":white_check_mark: " + step.text() + " (" + seconds(took) + ")", null);
        }
        update(null);
    }

    /** "one node at a time", or "brokers in 3 batches (controllers one at a time)". */
    static String pace(RestartPlan plan) {
        return plan.phases().stream().filter(Phase::batched).findFirst().map(ph -> "brokers in "
                + ph.units().size() + " batches (controllers one at a time)").orElse("one node at a time");
    }

    @Override
    public void batchSplit(List<Integer> batch, List<List<Integer>> parts, String why) {
        out.thread(RunViews.batchSplit(batch, parts, why), null);
    }

    @Override
    public void waiting(UpgradeStep step, String why) {
        update(step.text() + ": waiting (" + why + ")");
    }

    @Override
    public void stopped(String how) {
        ended = how;
        update(null);
    }

    @Override
    public void paused(String message) {
        out.thread(":double_vertical_bar: " + message + " (a safe point: every node up and healthy).", null);
    }

    /** The checklist as text: ✅ done, ▶ current, ▫ waiting, per phase its nodes in order. */
    String checklist(String now) {
        var sb = new StringBuilder();
        for (Phase ph : plan.phases()) {
            sb.append(mark(ph.steps())).append(' ').append(ph.title());
            if (ph.restartsNodes() && ph.nodeOrder().size() > UpgradeReporter.NODES_LISTED) {
                long finished = ph.nodeOrder().stream().filter(n -> mark(nodeSteps(ph, n))
                        .equals(":white_check_mark:")).count();
                sb.append(": ").append(finished).append(" of ").append(ph.nodeOrder().size()).append(" nodes done");
            } else if (ph.restartsNodes()) {
                sb.append(": ");
                List<List<Integer>> units = ph.units();
                for (int u = 0; u < units.size(); u++) {
                    if (ph.batched()) sb.append(u == 0 ? "" : "| ").append("batch ").append(u + 1).append(": ");
                    for (int n : units.get(u)) {
                        sb.append(mark(nodeSteps(ph, n))).append(" node ").append(n).append("  ");
                    }
                }
            }
            sb.append('\n');
        }
        if (now != null) sb.append("\n_Now:_ ").append(now);
        return sb.toString();
    }

    private static List<UpgradeStep> nodeSteps(Phase ph, int node) {
        return ph.steps().stream().filter(s -> s.node().equals(Optional.of(node))).toList();
    }

    private String mark(List<UpgradeStep> steps) {
        if (!steps.isEmpty() && steps.stream().allMatch(s -> done.contains(s.key()))) return ":white_check_mark:";
        if (steps.stream().anyMatch(s -> s.key().equals(current) || done.contains(s.key()))) return ":arrow_forward:";
        return ":white_small_square:";
    }

    private void update(String now) {
        long total = plan.steps().size();
        long finished = plan.steps().stream().filter(s -> done.contains(s.key())).count();
        Duration remaining = plan.phases().stream().map(ph -> ph.remaining(done))
                .reduce(Duration.ZERO, Duration::plus);
        String title = ":arrows_counterclockwise: " + id + ": restart " + plan.cluster() + ", " + plan.scope();
        String footer = finished + " of " + total + " steps · elapsed " + Format.duration(Duration.between(started,
                clock.instant())) + (ended != null ? " · " + ended : finished < total ? " · ETA about "
                + Format.duration(remaining) : " · finished");
        var blocks = List.of(
                header(h -> h.text(plainText(StatusView.truncate(title, 150), true))),
                section(s -> s.text(markdownText(StatusView.truncate(checklist(now), 3000)))),
                context(c -> c.elements(List.of(markdownText(footer)))));
        checklistMessage.show(title + " — " + footer, RunViews.json(blocks));
    }

    private static String restartOf(UpgradeStep step) {
        return step.key().substring(0, step.key().lastIndexOf('/'));
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** Sends what is pending (in order) and waits for it, at most 30 s. */
    @Override
    public void close() {
        out.close();
    }
}
