package dev.kafkachatops.e2e;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.kafkachatops.TestClusters;
import dev.kafkachatops.adapter.store.InMemoryOperationStore;
import dev.kafkachatops.domain.ops.NewOperation;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.ops.PlanCodec;
import dev.kafkachatops.plan.reassign.ClusterAssignment;
import dev.kafkachatops.plan.reassign.RebalancePlanner;
import dev.kafkachatops.plan.reassign.Target;
import dev.kafkachatops.port.JobScheduler;
import dev.kafkachatops.run.reassign.ReassignmentPayload;
import dev.kafkachatops.sim.SimMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Bad chat input, one row each, through the real bot (Bolt over Socket Mode against the simulator) and a real
 * 3-broker cluster holding topic {@code orders}: slash commands, reactions and button clicks. Each row asserts the
 * answer (exactly one private line to whoever acted, no button, no stack trace, no exception class, no
 * "unexpectedly", user text not echoed raw) or, for a reaction that is not a decision, no answer at all; and that
 * nothing changed: no operation stored or altered, no timer set or removed, no other message posted, edited or
 * threaded, and the cluster untouched (replicas, reassignments, throttle configs). alice is an operator, bob the
 * approver, dave a stranger; cluster {@code prod} has no window, so nothing ever starts by itself. Part of the
 * bad-input matrix of issue 14 (chat, reactions and buttons); the authorisation table is
 * {@link AuthorisationTableTest}, not repeated here.
 */
class BadInputChatMatrixIT {
    static KafkaClusterTestKit cluster;
    static Admin admin;
    static ChatBotHarness chat;
    static Slack slack;
    static final List<String> timers = new CopyOnWriteArrayList<>();
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestClusters.start(3);
        admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
        admin.createTopics(List.of(new NewTopic("orders", 6, (short) 2))).all().get(30, TimeUnit.SECONDS);
        JobScheduler scheduler = new JobScheduler() {
            @Override
            public void schedule(String operationId, Instant at, boolean breakGlass) {
                timers.add("+" + operationId);
            }

            @Override
            public void unschedule(String operationId) {
                timers.add("-" + operationId);
            }
        };
        chat = ChatBotHarness.with(BotYaml.dataDir(data).cluster(BotYaml.Cluster.named("prod",
                        cluster.bootstrapServers()).approvers("U0BOB").operators("U0ALICE")))
                .launcher(ChatBot.wired(new InMemoryOperationStore(), scheduler)).patience(Duration.ofSeconds(30))
                .start();
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(chat.sim.apiUrlPrefix());
        config.getMethodsConfig().setStatsEnabled(false);
        slack = Slack.getInstance(config);
    }

    @AfterAll
    static void stop() throws Exception {
        if (slack != null) slack.close();
        if (chat != null) chat.close();
        if (admin != null) admin.close();
        if (cluster != null) cluster.close();
    }

    static Stream<Arguments> commands() {
        String huge = "rebalance orders " + "brokers=1,2 ".repeat(900);
        return Stream.of(
                arguments("an unknown topic", "alice", "rebalance nosuch", "nosuch"),
                arguments("an unknown target broker", "alice", "rebalance orders brokers=0,1,99", "99"),
                arguments("decommissioning an unknown broker", "alice", "decommission 99", "99"),
                arguments("expanding onto a broker that holds data", "alice", "expand brokers=1", "rebalance"),
                // no hosts configured: the versions cannot be read, so a downgrade is refused at this step here
                arguments("an upgrade of a cluster without hosts", "alice", "upgrade 2.8.2",
                        "no node's Kafka version could be detected on prod"),
                arguments("a version nobody released", "alice", "upgrade 9.9.9", "9.9.9"),
                arguments("a malformed version", "alice", "upgrade 3.x", "`3.x` is not a Kafka version"),
                arguments("a version with a suffix", "alice", "upgrade 4.1.1-SNAPSHOT", "is not a Kafka version"),
                arguments("a zero throttle", "alice", "rebalance orders throttle=0", "out of range"),
                arguments("a negative throttle", "alice", "rebalance orders throttle=-5MB/s", "is not a rate"),
                arguments("an absurd throttle", "alice", "rebalance orders throttle=1e30", "is not a rate"),
                arguments("a throttle in unknown units", "alice", "rebalance orders throttle=50parsecs", "is not a rate"),
                arguments("an option given twice", "alice", "rebalance orders brokers=0,1 brokers=1,2", "given twice"),
                arguments("contradicting options", "alice", "rebalance orders brokers=0,1 exclude=1",
                        "broker 1 is both in brokers= and exclude="),
                arguments("a topic and --all", "alice", "rebalance --all orders", "takes no topic"),
                arguments("a 10,000-character command", "alice", huge, "Command too long (over 2000 characters)."),
                arguments("a newline inside a command", "alice", "jobs\nrebalance orders", "unexpected"),
                arguments("control characters", "alice", "rebalance ord\u0007ers\u001b[2J", "not a valid topic name"),
                arguments("a channel mention as a topic", "alice", "rebalance <!channel>", "not a valid topic name"),
                arguments("a user mention as a topic", "alice", "rebalance <@U0BOB>", "not a valid topic name"),
                arguments("backticks around a topic", "alice", "rebalance `orders`", "not a valid topic name"),
                arguments("HTML as a topic", "alice", "rebalance <script>alert(1)</script>", "not a valid topic name"),
                arguments("an unknown verb", "alice", "delete-topic orders", "Unknown command"),
                arguments("an unknown cluster", "alice", "status --cluster nosuch", "nosuch"),
                arguments("a mention as a cluster", "alice", "status --cluster <!here>", "here"),
                arguments("cancelling an operation that does not exist", "alice", "cancel R999", "No operation `R999`"),
                arguments("pausing an operation that does not exist", "alice", "pause R999", "No operation `R999`"),
                arguments("showing an operation that does not exist", "alice", "show R999", "R999"),
                arguments("starting an operation that does not exist now", "bob", "run R999 now", "R999"),
                arguments("a job id that is a shell command", "alice", "cancel $(reboot)", "is not a job id"),
                arguments("a history page that is negative", "alice", "history -1", "history"),
                arguments("a history page past the end", "alice", "history 99999999999", "history"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("commands")
    void aBadCommandIsOneLineAndChangesNothing(String name, String user, String text, String expected) {
        Before before = Before.now();
        chat.command(user, text);
        before.oneLineTo(user, name, expected);
    }

    /** Stale, replayed and misplaced gestures on a plan of alice's awaiting bob's approval (or cancelled). */
    static Stream<Arguments> gestures() {
        return Stream.of(
                arguments("the requester approving her own plan", Gesture.REACT, "alice", "white_check_mark",
                        OpState.AWAITING_APPROVAL, "Only approvers of prod may approve plan"),
                arguments("an approval of a cancelled plan", Gesture.REACT, "bob", "white_check_mark",
                        OpState.CANCELLED, "cancelled"),
                arguments("an approval on a message that is no plan", Gesture.REACT_ELSEWHERE, "bob",
                        "white_check_mark", OpState.AWAITING_APPROVAL, null),
                arguments("a rejection on a message that is no plan", Gesture.REACT_ELSEWHERE, "bob", "x",
                        OpState.AWAITING_APPROVAL, null),
                arguments("an emoji that decides nothing", Gesture.REACT, "bob", "tada", OpState.AWAITING_APPROVAL,
                        null),
                arguments("a stranger's emoji that decides nothing", Gesture.REACT, "dave", "eyes",
                        OpState.AWAITING_APPROVAL, null),
                arguments("Cancel plan pressed again on a cancelled plan", Gesture.DISCARD, "alice", "",
                        OpState.CANCELLED, "has already ended"),
                arguments("Cancel plan replayed (the same click delivered again)", Gesture.REPLAY, "alice", "",
                        OpState.AWAITING_APPROVAL, "has already ended"),
                arguments("a stale Start now confirmation of a cancelled plan", Gesture.RUN_NOW, "bob", "",
                        OpState.CANCELLED, "only an approved or paused plan can be started now"),
                arguments("Abort with a forged operation id", Gesture.FORGED, "bob", "op_abort:R999",
                        OpState.AWAITING_APPROVAL, "No operation `R999`"),
                arguments("Roll back with a forged operation id", Gesture.FORGED, "bob", "op_rollback:X-1",
                        OpState.AWAITING_APPROVAL, "No operation `X-1`"),
                arguments("Retry of a plan that is not halted", Gesture.FORGED, "alice", "op_retry:PLAN",
                        OpState.AWAITING_APPROVAL, "only a paused operation can be resumed"),
                arguments("a button value that is a mention", Gesture.FORGED, "bob", "op_abort:<!channel>",
                        OpState.AWAITING_APPROVAL, "does not name an operation; nothing was done"),
                arguments("a 2,000-character button value", Gesture.FORGED, "bob", "op_abort:" + "R".repeat(2000),
                        OpState.AWAITING_APPROVAL, "does not name an operation; nothing was done"),
                arguments("a button the bot does not know", Gesture.FORGED, "bob", "op_destroy:PLAN",
                        OpState.AWAITING_APPROVAL, "not one this bot handles"));
    }

    enum Gesture { REACT, REACT_ELSEWHERE, DISCARD, REPLAY, RUN_NOW, FORGED }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("gestures")
    void aStaleOrForgedGestureIsOneLineOrNothingAndChangesNothing(String name, Gesture gesture, String user,
                                                                  String what, OpState state, String expected)
            throws Exception {
        Operation op = plan(state);
        SimMessage planMessage = chat.await(m -> m.ts().equals(op.messageTs().orElseThrow()));
        SimMessage other = switch (gesture) {
            case REACT_ELSEWHERE, FORGED -> botMessage(what.split(":")[0]);
            // the plan message loses its button once cancelled: the click comes from an older copy of it
            case DISCARD -> botMessage("reassign_discard");
            case RUN_NOW -> botMessage("reassign_run");
            default -> null;
        };
        String first = null;
        if (gesture == Gesture.REPLAY) {
            first = chat.action(user, planMessage, "reassign_discard", op.id()).envelopeId();
            Await.until(op.id() + " cancelled by the first click", Duration.ofSeconds(30), () -> chat.store()
                    .find(op.id()).orElseThrow().state() == OpState.CANCELLED);
            String id = chat.sim.users().get(user).id();
            chat.await("the answer to the first click", Duration.ofSeconds(30), m -> m.ephemeral()
                    && id.equals(m.visibleTo()) && m.text().contains(op.id() + " cancelled"));
            settle();
        }
        Before before = Before.now();
        switch (gesture) {
            case REACT -> chat.react(user, planMessage, what);
            case REACT_ELSEWHERE -> chat.react(user, other, what);
            case DISCARD -> chat.action(user, other, "reassign_discard", op.id());
            case REPLAY -> chat.sim.redeliver(first);
            case RUN_NOW -> chat.action(user, other, "reassign_run", op.id());
            case FORGED -> chat.action(user, other, what.split(":")[0], what.split(":", 2)[1]
                    .replace("PLAN", op.id()));
            default -> throw new IllegalArgumentException(gesture.name());
        }
        if (expected == null) before.noAnswer(user, name);
        else before.oneLineTo(user, name, expected);
    }

    /** What could change, taken before a row acts. */
    private record Before(List<Operation> stored, int timersSet, List<SimMessage> channel, String cluster) {
        static Before now() {
            return new Before(operations(), timers.size(), chat.messages(), clusterState());
        }

        /** Exactly one new private line to {@code user} containing {@code expected}, and nothing else changed. */
        void oneLineTo(String user, String name, String expected) {
            String id = chat.sim.users().get(user).id();
            SimMessage answer = chat.await("a private answer to " + user + " (" + name + ")", Duration.ofSeconds(30),
                    m -> m.ephemeral() && id.equals(m.visibleTo()) && !seen(m));
            settle();
            List<SimMessage> added = chat.messages().stream().filter(m -> !seen(m)).toList();
            assertThat(added).as(name + ": one answer, nothing else").hasSize(1);
            assertThat(answer.text()).as(name).contains(expected).doesNotContain("\n")
                    .doesNotContainIgnoringCase("unexpectedly").doesNotContain("Exception").doesNotContain("\tat ")
                    .doesNotContain("<!channel>").doesNotContain("<@U0BOB>").doesNotContain("<script>")
                    .hasSizeLessThan(600);
            assertThat(answer.blocks() == null ? "" : answer.blocks().toString()).doesNotContain("\"button\"");
            unchanged(name, List.of(answer.ts()));
        }

        void noAnswer(String user, String name) {
            settle();
            assertThat(chat.messages().stream().filter(m -> !seen(m)).toList()).as(name + ": no answer").isEmpty();
            unchanged(name, List.of());
        }

        private boolean seen(SimMessage m) {
            return channel.stream().anyMatch(c -> c.ts().equals(m.ts()));
        }

        private void unchanged(String name, List<String> answers) {
            assertThat(chat.messages().stream().filter(m -> !answers.contains(m.ts())).toList())
                    .as(name + ": no message posted, edited, threaded or reacted to besides the gesture")
                    .usingRecursiveFieldByFieldElementComparatorIgnoringFields("reactions").isEqualTo(channel);
            assertThat(operations()).as(name + ": no operation stored or changed").isEqualTo(stored);
            assertThat(timers).as(name + ": no timer set or removed").hasSize(timersSet);
            assertThat(clusterState()).as(name + ": the cluster untouched").isEqualTo(cluster);
        }
    }

    /** A moment for a second answer or a late change to show (none is expected). */
    private static void settle() {
        try {
            Thread.sleep(1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Operation> operations() {
        return chat.store().list(Optional.empty(), EnumSet.allOf(OpState.class)).stream()
                .sorted((a, b) -> a.id().compareTo(b.id())).toList();
    }

    /** Replicas of every partition, reassignments in flight, and every broker's and topic's dynamic configs. */
    private static String clusterState() {
        try {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            var replicas = new TreeMap<String, List<Integer>>();
            admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((t, d) -> d.partitions()
                    .forEach(p -> replicas.put(t + "-" + p.partition(), p.replicas().stream().map(n -> n.id())
                            .toList())));
            List<ConfigResource> resources = new ArrayList<>();
            admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).forEach(n -> resources.add(
                    new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(n.id()))));
            topics.forEach(t -> resources.add(new ConfigResource(ConfigResource.Type.TOPIC, t)));
            var dynamic = new TreeMap<String, String>();
            admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS).forEach((r, c) -> c.entries().stream()
                    .filter(e -> e.source().name().startsWith("DYNAMIC"))
                    .forEach(e -> dynamic.put(r.name() + "/" + e.name(), e.value())));
            return replicas + " " + admin.listPartitionReassignments().reassignments().get(30, TimeUnit.SECONDS)
                    .keySet() + " " + dynamic;
        } catch (Exception e) {
            throw new AssertionError("cannot read the cluster", e);
        }
    }

    /** A rebalance plan of alice's, posted for approval by the workflow, then moved to {@code state}. */
    private static Operation plan(OpState state) {
        List<List<Integer>> replicas = List.of(List.of(0, 1), List.of(1, 0), List.of(0, 1));
        ClusterAssignment c = ClusterAssignment.builder().brokers(0, 1, 2).topic("orders", replicas).build();
        var payload = new ReassignmentPayload(List.of(RebalancePlanner.plan(c, "orders", Target.allAlive(),
                OptionalLong.empty())), Optional.empty(), Optional.empty());
        String json = PlanCodec.write(payload);
        Instant now = Instant.now();
        Operation op = chat.service().submit(new NewOperation("prod", OpKind.REBALANCE, "rebalance orders",
                "U0ALICE", "C0GENERAL", json, PlanCodec.hash(json), "fp", now, now.plus(Duration.ofHours(1))));
        if (state == OpState.CANCELLED) chat.service().cancel(op.id(), "U0ALICE");
        Operation now2 = chat.store().find(op.id()).orElseThrow();
        assertThat(now2.state()).isEqualTo(state);
        String ts = now2.messageTs().orElseThrow();
        Duration wait = Duration.ofSeconds(30);
        Await.until("plan " + op.id() + " shown " + state, wait, () -> chat.messages().stream()
                .anyMatch(m -> m.ts().equals(ts) && m.text().endsWith(state.name().toLowerCase().replace('_', ' '))));
        return now2;
    }

    /** A message of the bot's with one button {@code actionId} (as a halted run or a confirmation has them). */
    private static SimMessage botMessage(String actionId) throws Exception {
        String blocks = "[{\"type\":\"actions\",\"elements\":[{\"type\":\"button\",\"action_id\":\"" + actionId
                + "\",\"value\":\"x\",\"text\":{\"type\":\"plain_text\",\"text\":\"Press\"}}]}]";
        var r = slack.methods(chat.sim.botToken()).chatPostMessage(m -> m.channel("C0GENERAL").text("choices")
                .blocksAsString(blocks));
        assertThat(r.isOk()).as(r.getError()).isTrue();
        return chat.await(m -> m.ts().equals(r.getTs()));
    }
}
