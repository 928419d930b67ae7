package dev.kafkachatops.adapter.slack;

import dev.kafkachatops.adapter.store.InMemoryOperationStore;
import dev.kafkachatops.command.CommandParser;
import dev.kafkachatops.command.ParseResult;
import dev.kafkachatops.domain.BrokerState;
import dev.kafkachatops.domain.ClusterMode;
import dev.kafkachatops.domain.ClusterStatus;
import dev.kafkachatops.domain.QuorumState;
import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.domain.ops.Approval;
import dev.kafkachatops.domain.ops.NewOperation;
import dev.kafkachatops.domain.ops.OpEvent;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.domain.ops.PlanStatus;
import dev.kafkachatops.ops.PlanCodec;
import dev.kafkachatops.ops.Reply;
import dev.kafkachatops.plan.balance.BalanceSummary;
import dev.kafkachatops.plan.balance.ClusterBalancer;
import dev.kafkachatops.plan.balance.ClusterPlan;
import dev.kafkachatops.plan.reassign.ClusterAssignment;
import dev.kafkachatops.plan.reassign.RebalancePlanner;
import dev.kafkachatops.plan.reassign.ReassignmentPlan;
import dev.kafkachatops.plan.reassign.Target;
import dev.kafkachatops.plan.upgrade.UpgradeFixtures;
import dev.kafkachatops.plan.upgrade.UpgradePlan;
import dev.kafkachatops.plan.upgrade.UpgradeStep;
import dev.kafkachatops.port.ChatNotifier;
import dev.kafkachatops.run.reassign.Progress;
import dev.kafkachatops.run.reassign.ReassignmentPayload;
import dev.kafkachatops.run.reassign.RunOutcome;
import dev.kafkachatops.run.upgrade.UpgradePayload;
import dev.kafkachatops.view.StatusText;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of message the bot posts, built from synthetic clusters of 3, 100 and 300 brokers (long Kubernetes host
 * names, hundreds of topics, as many operations in the queue), passes {@link BlockKitLimits}: the plan messages of
 * rebalance, expand, rebalance --all, decommission and upgrade with each approval update, the halted message with its
 * buttons and every other thread event, progress messages and thread entries, summaries, the upgrade checklist,
 * status, jobs, history, help, the run-now confirmation and error answers. Messages that go through a
 * {@link ChatNotifier} are captured from it as posted; answers are rendered as the handlers render them.
 */
class BlockKitLimitsTest {
    private static final Instant AT = Instant.parse("2026-12-07T20:00:00Z");
    private static final PlanStatus STATUS = new PlanStatus(List.of(), 1, "white_check_mark", "x", false,
            ZoneId.of("Europe/Berlin"));

    /** What was posted or edited: kind, fallback text, blocks. */
    record Message(String kind, String text, String blocks) {
    }

    /** Records every post and update (a ts per post); ephemerals and uploads carry no blocks. */
    static final class Recorder implements ChatNotifier {
        final List<Message> messages = new CopyOnWriteArrayList<>();
        String kind = "?";

        @Override
        public String post(String channel, Optional<String> threadTs, String text, String blocksJson) {
            messages.add(new Message(kind + (threadTs.isPresent() ? " (thread)" : ""), text, blocksJson));
            return "100." + messages.size();
        }

        @Override
        public void update(String channel, String ts, String text, String blocksJson) {
            messages.add(new Message(kind + " (update)", text, blocksJson));
        }

        @Override
        public void ephemeral(String channel, String user, String text) {
            messages.add(new Message(kind + " (ephemeral)", text, null));
        }

        @Override
        public void upload(String channel, Optional<String> threadTs, String filename, String title, String content) {
        }

        @Override
        public void uploadBytes(String channel, Optional<String> threadTs, String filename, String title,
                                byte[] content) {
        }
    }

    @ParameterizedTest(name = "{0} brokers")
    @ValueSource(ints = {3, 100, 300})
    void everyMessageKindStaysWithinSlacksLimits(int brokers) {
        Recorder chat = new Recorder();
        InMemoryOperationStore store = new InMemoryOperationStore();
        List<Message> answers = new ArrayList<>();
        ClusterAssignment cluster = cluster(brokers);

        ReassignmentPlan topic = RebalancePlanner.plan(cluster, "orders", Target.allAlive(), OptionalLong.of(50_000_000));
        plans(chat, store, "rebalance", OpKind.REBALANCE, "rebalance orders",
                new ReassignmentPayload(List.of(topic), Optional.empty(), Optional.empty(), false));
        List<Integer> added = List.of(brokers + 1, brokers + 2);
        ClusterAssignment grown = grown(cluster, added);
        queue(chat, store, "expand", OpKind.EXPAND, "expand brokers=" + added.get(0) + "," + added.get(1),
                ClusterBalancer.plan(grown, Target.expand(added), OptionalLong.empty()), List.of());
        queue(chat, store, "rebalance --all", OpKind.REBALANCE, "rebalance --all",
                ClusterBalancer.plan(cluster, Target.allAlive(), OptionalLong.of(50_000_000)), List.of());
        queue(chat, store, "decommission", OpKind.REBALANCE, "decommission 1",
                ClusterBalancer.plan(grown, Target.exclude(List.of(1)), OptionalLong.empty()), List.of(1));
        UpgradePlan upgrade = UpgradeFixtures.planner().plan(UpgradeFixtures.split(3, brokers, "3.9.1", 1, 21, "4.1.1")
                .topic("orders", 3, 2, false).build(), "4.1.1");
        Operation up = plans(chat, store, "upgrade", OpKind.UPGRADE, "upgrade 4.1.1",
                new UpgradePayload(upgrade, Map.of(), Map.of()));

        reassignmentRun(chat, store.list(Optional.empty(), Set.of(OpState.values())).get(0), topic);
        upgradeRun(chat, up, upgrade);

        answers.add(new Message("status", StatusText.summary(status(brokers)), RunViews.json(StatusView.render(status(brokers),
                Optional.of("U0ALICE"), versions(brokers), List.of("node 7: " + "no host configured ".repeat(3))))));
        answers.add(new Message("jobs", JobsView.text(store, "prod"), RunViews.json(JobsView.jobs(store, "prod"))));
        answers.add(new Message("history", "history", RunViews.json(JobsView.history(store, "prod", 1, "/kafka"))));
        answers.add(new Message("history of one", "history", RunViews.json(JobsView.history(store, "prod",
                Optional.of(up.id())))));
        answers.add(new Message("run-now confirmation", "Start " + up.id() + " now?",
                RunViews.json(JobsView.runNowConfirmation(up, Optional.of(AT.plus(Duration.ofHours(2)))))));
        answers.add(new Message("help", HelpView.text("/kafka"), RunViews.json(HelpView.render("/kafka",
                SlackBot.AVAILABLE, Optional.empty()))));
        for (String verb : SlackBot.AVAILABLE) {
            answers.add(new Message("help " + verb, HelpView.text("/kafka"), RunViews.json(HelpView.render("/kafka",
                    SlackBot.AVAILABLE, Optional.of(verb)))));
        }
        for (String bad : List.of("rebalance " + "x".repeat(5000), "upgrade " + "9".repeat(1999), "rebalance orders "
                + "brokers=" + String.join(",", IntStream.rangeClosed(1, brokers).mapToObj(String::valueOf).toList())
                + ",1")) {
            answers.add(new Message("error", ":x: " + ((ParseResult.Invalid) CommandParser.parse(bad)).message(), null));
        }
        for (Reply.Kind kind : Reply.Kind.values()) {
            answers.add(new Message("answer " + kind, OpTexts.reply(new Reply(kind, up.id(), Optional.of("prod"),
                    Optional.of("R" + brokers), Optional.of(OpState.RUNNING), Optional.of(AT))), null));
        }

        List<Message> all = new ArrayList<>(chat.messages);
        all.addAll(answers);
        Map<String, List<String>> broken = new LinkedHashMap<>();
        for (Message m : all) {
            List<String> errors = BlockKitLimits.check(m.text(), m.blocks());
            if (!errors.isEmpty()) broken.put(m.kind() + ": " + abbreviate(m.text()), errors);
        }
        assertThat(broken).as("messages over Slack's limits at " + brokers + " brokers").isEmpty();
        assertThat(all.stream().map(Message::kind).map(k -> k.replaceAll(" \\(.*", "")).distinct())
                .as("every kind was rendered").contains("rebalance", "expand", "rebalance --all", "decommission",
                        "upgrade", "halted", "event", "progress", "summary", "checklist", "status", "jobs",
                        "history", "help", "run-now confirmation", "error");
    }

    /** Posts the plan, then shows it in every state an approval or a run gives it; the thread events after. */
    private static Operation plans(Recorder chat, InMemoryOperationStore store, String kind, OpKind opKind,
                                   String title, Object payload) {
        String json = PlanCodec.write(payload);
        Operation op = store.insert(new NewOperation("prod", opKind, title, "U0ALICE", "C0GENERAL", json,
                PlanCodec.hash(json), "fp", AT, AT.plus(Duration.ofDays(1))));
        SlackOperationChat view = new SlackOperationChat(chat);
        chat.kind = kind;
        op = op.withMessageTs(view.postPlan(op, STATUS));
        PlanStatus approved = new PlanStatus(List.of(new Approval(op.id(), "U0BOB", AT)), 1, "white_check_mark", "x",
                false, STATUS.zone());
        String detail = "by <@U0BOB> " + "after a long story ".repeat(5);
        for (List<OpState> path : List.of(List.of(OpState.APPROVED), List.of(OpState.APPROVED, OpState.RUNNING),
                List.of(OpState.APPROVED, OpState.RUNNING, OpState.PAUSED),
                List.of(OpState.APPROVED, OpState.RUNNING, OpState.HALTED),
                List.of(OpState.APPROVED, OpState.RUNNING, OpState.DONE),
                List.of(OpState.APPROVED, OpState.RUNNING, OpState.FAILED), List.of(OpState.CANCELLED),
                List.of(OpState.REJECTED))) {
            Operation shown = op.withApprovedAt(Optional.of(AT)).withScheduledFor(Optional.of(AT.plusSeconds(3600)));
            for (OpState s : path) shown = shown.withState(s, detail);
            view.refresh(shown, approved);
        }
        Operation posted = op;
        store.update(op.id(), o -> Optional.of(o.withMessageTs(posted.messageTs().orElseThrow())));
        chat.kind = "halted";
        view.notify(op, new OpEvent.Halted("node 7 did not rejoin within 10 min: " + "under-replicated ".repeat(20)));
        chat.kind = "event";
        for (OpEvent e : List.of(new OpEvent.Recovered(), new OpEvent.Resumed(AT, true, Optional.of(AT)),
                new OpEvent.NotStarted("the window closed", Optional.of(AT)), new OpEvent.ReadFailed("timeout"),
                new OpEvent.Stale(IntStream.range(0, 400).mapToObj(i -> "broker " + i + " added").toList(), title),
                new OpEvent.StartedNow("U0BOB", false), new OpEvent.TooLate("cancel", "U0BOB"))) {
            view.notify(op, e);
        }
        return op;
    }

    private static void queue(Recorder chat, InMemoryOperationStore store, String kind, OpKind opKind, String title,
                              ClusterPlan plan, List<Integer> drained) {
        plans(chat, store, kind, opKind, title, new ReassignmentPayload(plan.topics(), Optional.of(title),
                Optional.empty(), false, Optional.of(BalanceSummary.of(plan, drained))));
    }

    /** A reassignment run's progress message, thread entries and summary, through the reporter the runner uses. */
    private static void reassignmentRun(Recorder chat, Operation op, ReassignmentPlan plan) {
        chat.kind = "progress";
        try (var report = SlackReassignmentReport.factory(chat, Clock.systemUTC()).open(op)) {
            var topic = report.topic("rebalance orders");
            int batches = Math.max(1, plan.moves().size() / 5);
            topic.batchStarted(1, batches, plan.moves());
            topic.progress(new Progress(500, 1000, 3, plan.moves().size(), 1, batches, 1e6,
                    Optional.of(Duration.ofMinutes(3)), Duration.ofSeconds(30)));
            topic.batchDone(1, batches, Duration.ofSeconds(30));
            report.retentionLowered("orders", Duration.ofHours(2), Duration.ofMinutes(5), 1L << 40);
            report.retentionDeleted("orders", 1L << 40, Duration.ofMinutes(4));
            report.retentionRestored("orders", Optional.of("604800000"), Optional.empty());
            report.paused("paused by <@U0BOB>");
            topic.finished(outcome(plan));
        }
        // the reporter posts off the runner's thread: its messages are all labelled "progress"; the summary's view
        chat.messages.add(new Message("summary", "done", RunViews.json(RunViews.finished("rebalance orders",
                outcome(plan)))));
    }

    /** A run that ended with a warning per moved partition (e.g. a throttle that could not be removed). */
    private static RunOutcome outcome(ReassignmentPlan plan) {
        return new RunOutcome(RunOutcome.Status.DONE, "moved " + plan.moves().size() + " partitions", 1L << 40,
                plan.moves().size(), Duration.ofMinutes(42), IntStream.range(0, plan.moves().size())
                .mapToObj(i -> "throttle on broker " + i + " could not be removed").toList());
    }

    /** An upgrade's checklist (posted, then edited as the roll goes) and its thread entries. */
    private static void upgradeRun(Recorder chat, Operation op, UpgradePlan plan) {
        chat.kind = "checklist";
        UpgradeReporter r = new UpgradeReporter(chat, "C0GENERAL", op.messageTs().orElseThrow(), op.id(), plan,
                Set.of(), Clock.systemUTC());
        List<UpgradeStep> steps = plan.steps();
        int half = steps.size() / 2;
        for (UpgradeStep s : steps.subList(0, half)) {
            r.stepStarted(s);
            r.stepDone(s, Duration.ofSeconds(7));
        }
        r.stepStarted(steps.get(half));
        r.waiting(steps.get(half), "23 partitions under-replicated: " + "orders-1, ".repeat(100));
        r.paused("paused by <@U0BOB>");
        r.rollingBack(steps.get(half).node().orElse(1), "3.9.1");
        r.stopped("halted at " + steps.get(half).text());
        r.close();
    }

    /** {@code brokers} brokers; the topic {@code orders} and one topic per broker, on the first half of them. */
    static ClusterAssignment cluster(int brokers) {
        var b = ClusterAssignment.builder();
        for (int id = 1; id <= brokers; id++) b.brokers(id);
        int old = Math.max(3, brokers / 2);
        for (int p = 0; p < brokers * 2; p++) {
            b.partition("orders", p, List.of(1 + p % old, 1 + (p + 1) % old, 1 + (p + 2) % old), 1_000_000L * (p + 1));
        }
        for (int t = 0; t < brokers; t++) {
            int first = t % old;
            b.partition(String.format("topic-with-a-long-name-%04d", t), 0, List.of(1 + first, 1 + (first + 1) % old,
                    1 + (first + 2) % old), 100_000L * (1 + (t * 37) % 50));
        }
        for (int id = 1; id <= brokers; id++) b.capacityBytes(id, 1_000_000_000_000L);
        return b.build();
    }

    /** {@code cluster} with brokers {@code added} that hold nothing yet. */
    private static ClusterAssignment grown(ClusterAssignment cluster, List<Integer> added) {
        int brokers = added.get(0) - 1;
        ClusterAssignment c = cluster(brokers);
        var b = ClusterAssignment.builder();
        for (int id = 1; id <= brokers + added.size(); id++) b.brokers(id);
        c.partitions().forEach(b::partition);
        for (int id = 1; id <= brokers + added.size(); id++) b.capacityBytes(id, 1_000_000_000_000L);
        return b.build();
    }

    /** Typical Kubernetes host names: long, one per broker. */
    static ClusterStatus status(int brokers) {
        var list = new ArrayList<BrokerState>();
        for (int i = 1; i <= brokers; i++) {
            list.add(new BrokerState(i, Optional.of("kafka-prod-eu-west-1-broker-" + i
                    + ".kafka-prod-eu-west-1-brokers.kafka-namespace.svc.cluster.local"), Optional.of(9092),
                    Optional.of("eu-west-1" + (char) ('a' + i % 3)), i % 7 != 0, i == 1));
        }
        var q = new QuorumState(1, 7, 1200, List.of(new QuorumState.Replica(1, 1200, 0, Optional.of(1L))), List.of());
        var parts = IntStream.range(0, brokers * 3).mapToObj(i -> new TopicPartitionRef("orders", i)).toList();
        return new ClusterStatus("prod", "AbC123", ClusterMode.KRAFT, list, Optional.of(1), Optional.of(q),
                Optional.of("3.9-IV0 (level 21)"), brokers * 10, 2, brokers * 100, parts, parts, parts, parts, AT,
                Duration.ofMillis(42));
    }

    private static Map<Integer, String> versions(int brokers) {
        Map<Integer, String> v = new LinkedHashMap<>();
        for (int i = 1; i <= brokers; i++) v.put(i, i % 2 == 0 ? "3.9.1" : "4.1.1");
        return v;
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
