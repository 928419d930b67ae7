package dev.kafkachatops.adapter.slack;

import dev.kafkachatops.domain.version.ConfigRule;
import dev.kafkachatops.ops.upgrade.UpgradeReport;
import dev.kafkachatops.plan.upgrade.HopPlan;
import dev.kafkachatops.plan.upgrade.Phase;
import dev.kafkachatops.plan.upgrade.StepKind;
import dev.kafkachatops.plan.upgrade.UpgradePlan;
import dev.kafkachatops.plan.upgrade.UpgradePlanText;
import dev.kafkachatops.plan.upgrade.UpgradeStep;
import dev.kafkachatops.port.ChatNotifier;
import dev.kafkachatops.port.ConfigChange;
import dev.kafkachatops.run.upgrade.UpgradeRunner;
import dev.kafkachatops.view.Format;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

/**
 * An upgrade's progress in the channel: one checklist message (hop by hop, phase by phase, node by node) edited in
 * place with the elapsed time and an ETA, and a thread entry per finished node restart and per cluster-wide step,
 * with timings.
 *
 * <p>The runner's thread only renders; the Slack calls go out through a {@link ProgressChannel} (in order, on its
 * own thread, checklist edits coalesced), so a slow or failing Slack neither delays the roll nor breaks it.
 * {@link #close()} sends what is pending and waits for it.
 */
public final class UpgradeReporter implements UpgradeReport {
    private final ProgressChannel out;
    private final ProgressChannel.Live checklistMessage;
    private final String id;
    private final UpgradePlan plan;
    private final Set<String> done;
    private final Clock clock;
    private final Instant started;
    /** When each node's restart began, by its steps' common key ("hop1/phase2/broker-3"): a node restarts once
     * per phase (ZooKeeper: twice per hop) and once per hop. */
    private final Map<String, Instant> restartStarted = new HashMap<>();
    private static final Set<StepKind> AFTER_STOP = EnumSet.of(StepKind.RELINK, StepKind.WRITE_CONFIG, StepKind.START,
            StepKind.HEALTH_GATE, StepKind.ELECT_LEADERS);
    /** Restarts this run joined after their stop (the bot restarted mid-node): timed from where it resumed. */
    private final Set<String> resumedMidNode = new HashSet<>();
    private String current = "";
    /** How the run stopped, when it stopped short of the end (shown in the checklist's footer). */
    private volatile String ended;

    public UpgradeReporter(ChatNotifier chat, String channel, String threadTs, String id, UpgradePlan plan,
                           Set<String> alreadyDone, Clock clock) {
        this(chat, channel, threadTs, id, plan, alreadyDone, clock, Optional.empty(), ts -> { });
    }

    /**
     * {@code checklistTs}: the checklist message of an earlier part of this run (before a pause or a restart of
     * the bot), edited instead of posting a new one; {@code checklistPosted} is told the ts of a new one.
     */
    public UpgradeReporter(ChatNotifier chat, String channel, String threadTs, String id, UpgradePlan plan,
                           Set<String> alreadyDone, Clock clock, Optional<String> checklistTs,
                           Consumer<String> checklistPosted) {
        this.out = new ProgressChannel(chat, channel, threadTs, id);
        this.checklistMessage = out.live(checklistTs, checklistPosted);
        this.id = id;
        this.plan = plan;
        this.done = new HashSet<>(alreadyDone);
        this.clock = clock;
        this.started = clock.instant();
    }

    @Override
    public void stepStarted(UpgradeStep step) {
        current = step.key();
        // the restart begins at its safety gate, or at its stop when a resumed run starts there; a run resumed
        // after the node's stop (the bot restarted mid-node) times it from the step it resumed at, and says so
        boolean begins = step.kind() == StepKind.SAFETY_GATE || step.kind() == StepKind.STOP;
        boolean afterStop = AFTER_STOP.contains(step.kind());
        if (step.node().isPresent() && (begins || afterStop)
                && restartStarted.putIfAbsent(restartOf(step), clock.instant()) == null && afterStop) {
            resumedMidNode.add(restartOf(step));
        }
        update(step.text() + "…");
    }

    @Override
    public void stepDone(UpgradeStep step, Duration took) {
        done.add(step.key());
        if (step.kind() == StepKind.ELECT_LEADERS || step.kind() == StepKind.HEALTH_GATE && !hasElect(step)) {
            int node = step.node().orElseThrow();
            Duration total = Duration.between(restartStarted.getOrDefault(restartOf(step), clock.instant()),
                    clock.instant());
            boolean switched = plan.steps().stream().anyMatch(s -> s.kind() == StepKind.RELINK
                    && restartOf(s).equals(restartOf(step)));
            thread(":white_check_mark: Node " + node + (switched ? " runs " + hopOf(step).map(h -> h.to().toString())
                    .orElse("the new version") + ": stopped, switched, restarted" : " restarted with its new "
                    + "configuration") + " and healthy in " + seconds(total)
                    + (resumedMidNode.contains(restartOf(step)) ? " after the run resumed" : "")
                    + " (" + phaseOf(step) + ")");
        } else if (!step.kind().perNode()) {
            thread(":white_check_mark: " + step.text() + " (" + seconds(took) + ")");
        }
        update(null);
    }

    /** The run stopped short of the end ({@code how}: "paused", "halted", "cancelled"): the checklist says so. */
    @Override
    public void stopped(String how) {
        ended = how;
        update(null);
    }

    @Override
    public void paused(String message) {
        thread(":double_vertical_bar: " + message + " (a safe point: every node up and healthy).");
    }

    @Override
    public void rollingBack(int node, String version) {
        thread(":leftwards_arrow_with_hook: Rolling node " + node + " back to " + version + "…");
    }

    /** Opens a report per run for the workflow. */
    public static UpgradeReport.Factory factory(ChatNotifier chat, Clock clock) {
        return (op, plan, done, checklistTs, posted) -> new UpgradeReporter(chat, op.channel(),
                op.messageTs().orElseThrow(), op.id(), plan, done, clock, checklistTs, posted);
    }

    /** What a config-copy step did to the keys the target renamed or removed (keys only: values may be secrets). */
    @Override
    public void configWritten(UpgradeStep step, ConfigChange change) {
        if (step.configRules().isEmpty()) return;
        thread(configText(step, change));
    }

    /** ":pencil2: Node 2's config for 4.4.0 (path): delegation.token.master.key → delegation.token.secret.key, ..." */
    static String configText(UpgradeStep step, ConfigChange change) {
        List<String> did = new ArrayList<>();
        for (ConfigRule r : step.configRules()) {
            if (change.changes().stream().noneMatch(c -> c.key().equals(r.key()) && c.after().isEmpty())) continue;
            List<String> added = r.replacedBy().stream().filter(k -> change.changes().stream()
                    .anyMatch(c -> c.key().equals(k) && c.before().isEmpty())).toList();
            did.add(r.removed() ? r.key() + " dropped" : r.key() + " → " + (added.isEmpty()
                    ? "dropped (" + String.join(", ", r.replacedBy()) + " already set)" : String.join(" + ", added)));
        }
        return ":pencil2: Node " + step.node().orElseThrow() + "'s config for " + step.to().map(Object::toString)
                .orElse("the new version") + " (" + change.file() + "): " + (did.isEmpty()
                ? "nothing left to rename or drop" : String.join(", ", did))
                + change.backup().map(b -> "; the previous file is kept as " + b).orElse("");
    }

    @Override
    public void batchSplit(List<Integer> batch, List<List<Integer>> parts, String why) {
        thread(RunViews.batchSplit(batch, parts, why));
    }

    @Override
    public void waiting(UpgradeStep step, String why) {
        update(step.text() + ": waiting (" + why + ")");
    }

    /** The key shared by the steps of one node's restart in one phase: its own key without the last part. */
    private static String restartOf(UpgradeStep step) {
        return step.key().substring(0, step.key().lastIndexOf('/'));
    }

    private boolean hasElect(UpgradeStep gate) {
        return plan.steps().stream().anyMatch(s -> s.kind() == StepKind.ELECT_LEADERS
                && restartOf(s).equals(restartOf(gate)));
    }

    private String phaseOf(UpgradeStep step) {
        for (HopPlan h : plan.hops()) {
            for (Phase ph : h.phases()) {
                if (ph.steps().contains(step)) {
                    return (plan.hops().size() > 1 ? "hop " + h.number() + ", " : "")
                            + UpgradePlanText.phaseLabel(ph).toLowerCase(
                            Locale.ROOT);
                }
            }
        }
        return "";
    }

    private Optional<HopPlan> hopOf(UpgradeStep step) {
        return plan.hops().stream().filter(h -> h.steps().contains(step)).findFirst();
    }

    static final int NODES_LISTED = 24;

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /**
     * The checklist as text: ✅ done, ▶ current, ▫ waiting; per phase its nodes in order (a phase of more than
     * {@link #NODES_LISTED} nodes as counts and the node now, so 300 nodes fit Slack's 3,000 characters).
     */
    String checklist(String now) {
        var sb = new StringBuilder();
        for (HopPlan h : plan.hops()) {
            sb.append("*Hop ").append(h.number()).append(": ").append(h.from()).append(" → ").append(h.to())
                    .append("*\n");
            for (Phase ph : h.phases()) {
                sb.append(mark(ph.steps())).append(' ').append(ph.title());
                if (ph.restartsNodes() && ph.nodeOrder().size() > NODES_LISTED) {
                    sb.append(": ").append(summary(ph));
                } else if (ph.restartsNodes()) {
                    sb.append(": ");
                    List<List<Integer>> units = ph.units();
                    for (int u = 0; u < units.size(); u++) {
                        if (ph.batched()) sb.append(u == 0 ? "" : "| ").append("batch ").append(u + 1).append(": ");
                        for (int n : units.get(u)) {
                            List<UpgradeStep> ns = ph.steps().stream().filter(s -> s.node().equals(Optional.of(n)))
                                    .toList();
                            sb.append(mark(ns)).append(" node ").append(n).append("  ");
                        }
                    }
                }
                sb.append('\n');
            }
        }
        if (now != null) sb.append("\n_Now:_ ").append(now);
        return sb.toString();
    }

    /** A phase of many nodes in one line: how many are done, the node now, how many wait. */
    private String summary(Phase ph) {
        int finished = 0;
        List<Integer> now = new ArrayList<>();
        for (int n : ph.nodeOrder()) {
            List<UpgradeStep> ns = ph.steps().stream().filter(s -> s.node().equals(Optional.of(n))).toList();
            String m = mark(ns);
            if (m.equals(":white_check_mark:")) finished++;
            else if (m.equals(":arrow_forward:")) now.add(n);
        }
        int waiting = ph.nodeOrder().size() - finished - now.size();
        return finished + " of " + ph.nodeOrder().size() + " nodes done" + (now.isEmpty() ? "" : " · :arrow_forward: node "
                + now.stream().map(String::valueOf).collect(Collectors.joining(", ")))
                + (waiting == 0 ? "" : " · " + waiting + " waiting");
    }

    private String mark(List<UpgradeStep> steps) {
        if (!steps.isEmpty() && steps.stream().allMatch(s -> done.contains(s.key()))) return ":white_check_mark:";
        if (steps.stream().anyMatch(s -> s.key().equals(current) || done.contains(s.key()))) return ":arrow_forward:";
        return ":white_small_square:";
    }

    private void update(String now) {
        long total = plan.steps().size();
        long finished = plan.steps().stream().filter(s -> done.contains(s.key())).count();
        Duration remaining = plan.hops().stream().flatMap(h -> h.phases().stream()).map(ph -> ph.remaining(done))
                .reduce(Duration.ZERO, Duration::plus);
        String title = ":arrow_double_up: " + id + ": upgrade " + plan.cluster() + " " + plan.route();
        String footer = finished + " of " + total + " steps · elapsed " + Format.duration(Duration.between(started,
                clock.instant())) + (ended != null ? " · " + ended : finished < total ? " · ETA about "
                + Format.duration(remaining) : " · finished");
        var blocks = List.of(
                header(h -> h.text(plainText(StatusView.truncate(title, 150), true))),
                section(s -> s.text(markdownText(StatusView.truncate(checklist(now), 3000)))),
                context(c -> c.elements(List.of(markdownText(footer)))));
        checklistMessage.show(title + " — " + footer, RunViews.json(blocks));
    }

    private void thread(String text) {
        out.thread(text, null);
    }

    /** Sends what is pending (in order) and waits for it, at most 30 s. */
    @Override
    public void close() {
        out.close();
    }
}
