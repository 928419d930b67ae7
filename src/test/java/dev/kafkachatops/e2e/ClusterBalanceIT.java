package dev.kafkachatops.e2e;

import dev.kafkachatops.TestClusters;
import dev.kafkachatops.adapter.kafka.AdminClients;
import dev.kafkachatops.adapter.kafka.AdminReassignment;
import dev.kafkachatops.sim.SimMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole cluster planned at once, end to end through chat on four real brokers (one cluster for both tests, in
 * order). First {@code decommission} of the highest broker empties it (an unknown broker is one line and changes
 * nothing); its topics are then deleted, so the broker is empty again. Then {@code expand} onto it spreads forty
 * one-partition topics of random sizes that sat on the other three. After each run the cluster is read back with
 * the Admin API and held to the balance criteria of {@code ClusterBalancer}: replication factor kept on distinct
 * brokers, replicas and preferred leaders within 1 per broker, the fullest broker within
 * {@code max(1.05 x mean, mean + the largest partition)}, no broker above 85% of its log-dir capacity, and no
 * replication throttle left anywhere.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterBalanceIT {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);
    private static final double MAX_DISK_USE = 0.85;
    private static KafkaClusterTestKit cluster;
    private static ChatBotHarness chat;
    private static Admin admin;
    private static List<Integer> ids;
    private static int highest;
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestClusters.start(4);
        admin = AdminClients.create(cluster.bootstrapServers(), Map.of(), Duration.ofSeconds(15));
        ids = ClusterLoad.read(admin).brokers();
        highest = ids.get(ids.size() - 1);
        chat = ChatBotHarness.with(BotYaml.dataDir(data).cluster(BotYaml.Cluster.named("test",
                cluster.bootstrapServers()).approvers("U0BOB").window("* * * * * ?", "1h")))
                .patience(Duration.ofSeconds(60)).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (chat != null) chat.close();
        if (admin != null) admin.close();
        if (cluster != null) cluster.close();
    }

    @Test
    @Order(1)
    void decommissionEmptiesTheBroker() throws Exception {
        List<String> topics = new ArrayList<>();
        Map<TopicPartition, Integer> sizes = new LinkedHashMap<>();
        for (int t = 0; t < 12; t++) {
            String topic = String.format("small-%02d", t);
            int first = 2 * t;
            TestTopics.create(admin, topic, 2, p -> List.of(ids.get((first + p) % 4), ids.get((first + p + 1) % 4)),
                    Map.of());
            topics.add(topic);
            for (int p = 0; p < 2; p++) sizes.put(new TopicPartition(topic, p), 10_000 * (1 + (first + p) % 5));
        }
        TestTopics.fillBytes(cluster.bootstrapServers(), sizes, 1L);
        ClusterLoad before = ClusterLoad.read(admin);
        assertThat(before.replicasPerBroker().get(highest)).isEqualTo(12);

        unknownBrokerIsOneLineAndChangesNothing(before);

        chat.command("alice", "decommission " + highest);
        SimMessage plan = chat.await("the decommission plan", Duration.ofSeconds(60), m -> m.bot() && !m.ephemeral()
                && m.text().matches("Plan E\\d+: decommission " + highest + " — awaiting approval"));
        assertThat(plan.fullText()).contains("Whole cluster").contains("may be stopped once the run is done");
        chat.approve("bob", plan);
        chat.awaitPlanState(plan, "— done", RUN_TIMEOUT);

        ClusterLoad after = ClusterLoad.read(admin);
        assertThat(after.replicas()).allSatisfy((tp, r) -> assertThat(r).doesNotContain(highest).hasSize(2)
                .doesNotHaveDuplicates());
        Await.until("broker " + highest + " holds no log of the moved topics", Duration.ofSeconds(30),
                () -> ClusterLoad.read(admin).onDisk().getOrDefault(highest, Set.of()).stream()
                        .noneMatch(tp -> topics.contains(tp.topic())));
        Map<Integer, Long> remaining = new LinkedHashMap<>(after.replicasPerBroker());
        assertThat(remaining.remove(highest)).isZero();
        assertThat(spreadOf(remaining)).as("replicas per remaining broker %s", remaining).isLessThanOrEqualTo(1);
        assertNoThrottleLeft(after);
        System.out.printf("FIGURES decommission %d: replicas per broker %s -> %s%n", highest,
                before.replicasPerBroker(), after.replicasPerBroker());
    }

    private static void unknownBrokerIsOneLineAndChangesNothing(ClusterLoad before) throws Exception {
        int posted = posted();
        chat.command("alice", "decommission 9");
        SimMessage reply = chat.await(m -> m.ephemeral() && m.text().contains("Broker 9"));
        assertThat(reply.text()).isEqualTo(":x: Broker 9 is not in the cluster (brokers: " + String.join(", ",
                ids.stream().map(String::valueOf).toList()) + ")");
        Thread.sleep(500);
        assertThat(chat.messages().stream().filter(m -> m.ephemeral() && m.text().contains("Broker 9"))).hasSize(1);
        assertThat(posted()).isEqualTo(posted);
        assertThat(ClusterLoad.read(admin).replicas()).isEqualTo(before.replicas());
    }

    @Test
    @Order(2)
    void expandSpreadsFortyTopicsEvenly() throws Exception {
        deleteEveryTopic(); // the decommission's: the forty topics start on the three lower brokers alone
        var random = new Random(20261207L);
        Map<TopicPartition, Integer> sizes = new LinkedHashMap<>();
        for (int t = 0; t < 40; t++) {
            String topic = String.format("t-%02d", t);
            int first = t;
            TestTopics.create(admin, topic, 1, p -> List.of(ids.get(first % 3), ids.get((first + 1) % 3),
                    ids.get((first + 2) % 3)), Map.of());
            sizes.put(new TopicPartition(topic, 0), 100_000 + random.nextInt(4_900_001));
        }
        long fillStart = System.nanoTime();
        TestTopics.fillBytes(cluster.bootstrapServers(), sizes, 7L);
        Duration fill = Duration.ofNanos(System.nanoTime() - fillStart);
        ClusterLoad before = ClusterLoad.read(admin);
        assertThat(before.bytesPerBroker().get(highest)).isZero();

        Instant asked = Instant.now();
        chat.command("alice", "expand brokers=" + highest + " throttle=100MB/s");
        SimMessage plan = chat.await("the expand plan", Duration.ofSeconds(60), m -> m.bot() && !m.ephemeral()
                && m.text().matches("Plan E\\d+: expand brokers=" + highest + " throttle=100MB/s — awaiting approval"));
        Duration planTime = Duration.between(asked, postedAt(plan));
        String id = ChatBotHarness.operationId(plan);
        String text = plan.fullText();
        assertThat(text).contains("Whole cluster").contains("minimum possible");
        chat.awaitReplies(plan, rs -> rs.stream().flatMap(r -> r.files().stream()).anyMatch(f -> f.size() > 0
                && f.name().equals("disk-per-broker-" + id + ".png") && f.mimetype().equals("image/png")));

        Instant approved = Instant.now();
        chat.approve("bob", plan);
        chat.awaitPlanState(plan, "— done", RUN_TIMEOUT);
        Duration runTime = Duration.between(approved, Instant.now());

        ClusterLoad after = ClusterLoad.read(admin);
        assertBalanced(after);
        assertNoThrottleLeft(after);
        // the plan message showed the spreads the run reached
        assertThat(text).contains("Replicas per broker: " + ClusterLoad.spread(before.replicasPerBroker()) + " → "
                + ClusterLoad.spread(after.replicasPerBroker())).contains("Preferred leaders per broker: "
                + ClusterLoad.spread(before.leadersPerBroker()) + " → " + ClusterLoad.spread(after.leadersPerBroker()));
        System.out.printf("TIMING/FIGURES expand brokers=%d, 40 topics, %s written in %s: plan %s, run %s (estimated %s); "
                        + "replica moves %s; data to copy %s; replicas per broker %s -> %s; preferred leaders %s -> %s;"
                        + " fullest broker %s -> %s of the mean (%s -> %s bytes per broker)%n", highest,
                before.replicas().keySet().stream().mapToLong(before::size).sum(), fill, planTime, runTime,
                field(text, "Estimated duration"),
                field(text, "Replica moves"), field(text, "Data to copy"),
                ClusterLoad.spread(before.replicasPerBroker()), ClusterLoad.spread(after.replicasPerBroker()),
                ClusterLoad.spread(before.leadersPerBroker()), ClusterLoad.spread(after.leadersPerBroker()),
                before.fullestOfMean(), after.fullestOfMean(), before.bytesPerBroker(), after.bytesPerBroker());
    }

    /** Criteria 1 to 6 on the final cluster (4: each topic has one partition, so it holds trivially). */
    private static void assertBalanced(ClusterLoad c) {
        assertThat(c.replicas()).hasSize(40).allSatisfy((tp, r) -> assertThat(r).as("replicas of %s", tp)
                .hasSize(3).doesNotHaveDuplicates());
        Map<Integer, Long> replicas = c.replicasPerBroker();
        assertThat(spreadOf(replicas)).as("replicas per broker %s", replicas).isLessThanOrEqualTo(1);
        Map<Integer, Long> leaders = c.leadersPerBroker();
        assertThat(spreadOf(leaders)).as("preferred leaders per broker %s", leaders).isLessThanOrEqualTo(1);
        Map<Integer, Long> bytes = c.bytesPerBroker();
        double mean = c.meanBytes();
        double limit = Math.max(1.05 * mean, mean + c.largestPartition());
        assertThat(bytes).allSatisfy((b, v) -> assertThat((double) v)
                .as("bytes on broker %d (per broker %s, limit %.0f)", b, bytes, limit).isLessThanOrEqualTo(limit));
        assertThat(c.capacity()).allSatisfy((b, total) -> assertThat((double) bytes.get(b))
                .as("bytes on broker %d of its %d capacity", b, total).isLessThanOrEqualTo(MAX_DISK_USE * total));
    }

    private static void assertNoThrottleLeft(ClusterLoad c) throws Exception {
        var port = new AdminReassignment("test", admin, Duration.ofSeconds(10));
        for (int b : c.brokers()) assertThat(port.brokerThrottle(b)).as("throttle of broker %d", b).isEmpty();
        Set<String> topics = new HashSet<>();
        c.replicas().keySet().stream().map(TopicPartition::topic).forEach(topics::add);
        for (String t : topics) assertThat(port.topicThrottle(t)).as("throttle of topic %s", t).isEmpty();
    }

    private static void deleteEveryTopic() throws Exception {
        Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(false)).names().get();
        if (!names.isEmpty()) admin.deleteTopics(names).all().get();
        Await.until("every topic is gone", Duration.ofSeconds(30), () -> ClusterLoad.read(admin).replicas().isEmpty()
                && ClusterLoad.read(admin).onDisk().values().stream().allMatch(Set::isEmpty));
    }

    private static long spreadOf(Map<Integer, Long> perBroker) {
        var stats = perBroker.values().stream().mapToLong(Long::longValue).summaryStatistics();
        return stats.getMax() - stats.getMin();
    }

    /** The top-level messages the bot posted for everyone. */
    private static int posted() {
        return (int) chat.messages().stream().filter(m -> m.bot() && !m.ephemeral()).count();
    }

    /** When {@code m} was first posted (its ts), whatever edits followed. */
    private static Instant postedAt(SimMessage m) {
        return Instant.ofEpochMilli((long) (Double.parseDouble(m.ts()) * 1000));
    }

    /** The value of a field of the plan message, e.g. {@code 30 (minimum possible: 30)} for "Replica moves". */
    private static String field(String text, String name) {
        Matcher m = Pattern.compile("\\*" + Pattern.quote(name) + "\\*\\n(.+)").matcher(text);
        return m.find() ? m.group(1) : "?";
    }
}
