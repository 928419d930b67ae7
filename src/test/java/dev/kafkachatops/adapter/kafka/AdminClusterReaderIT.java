package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.domain.BrokerState;
import dev.kafkachatops.domain.ClusterMode;
import dev.kafkachatops.domain.ClusterStatus;
import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.port.ClusterReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link AdminClusterReader} against a real in-process KRaft cluster of 3 combined nodes on racks a, b, c. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminClusterReaderIT {
    private static KafkaClusterTestKit cluster;
    private static Admin admin;
    private static AdminClusterReader reader;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = dev.kafkachatops.TestClusters.start(3, Map.of(0, Map.of("broker.rack", "a"), 1, Map.of("broker.rack", "b"),
                        2, Map.of("broker.rack", "c")));
        admin = AdminClients.create(cluster.bootstrapServers(), Map.of(), Duration.ofSeconds(10));
        admin.createTopics(List.of(
                new NewTopic("orders", 6, (short) 3).configs(Map.of("min.insync.replicas", "2")),
                new NewTopic("scratch", 3, (short) 1))).all().get();
        reader = new AdminClusterReader("test", cluster.bootstrapServers(), admin, Duration.ofSeconds(10),
                Clock.systemUTC());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (admin != null) admin.close();
        if (cluster != null) cluster.close();
    }

    @Test
    @Order(1)
    void readsAHealthyCluster() throws Exception {
        ClusterStatus s = awaitStatus(x -> x.partitions() == 9 && x.underReplicated().isEmpty());
        assertThat(s.mode()).isEqualTo(ClusterMode.KRAFT);
        assertThat(s.brokers()).extracting(BrokerState::id).containsExactly(0, 1, 2);
        assertThat(s.brokers()).allMatch(BrokerState::alive);
        assertThat(s.brokers()).extracting(b -> b.rack().orElse("")).containsExactly("a", "b", "c");
        assertThat(s.quorum()).hasValueSatisfying(q -> {
            assertThat(q.voters()).hasSize(1);
            assertThat(s.activeController()).contains(q.leaderId());
        });
        assertThat(s.brokers().stream().filter(BrokerState::controller)).hasSize(1);
        assertThat(s.metadataVersion()).contains(
                MetadataVersion.latestProduction().version() + " (level " + MetadataVersion.latestProduction()
                        .featureLevel() + ")");
        assertThat(s.topics()).isEqualTo(2);
        assertThat(s.offline()).isEmpty();
        assertThat(s.underMinIsr()).isEmpty();
        assertThat(s.reassigning()).isEmpty();
        assertThat(s.healthy()).isTrue();
        assertThat(s.clusterId()).isNotBlank();
    }

    @Test
    @Order(2)
    void theCliPrintsTheSameStatus() {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream oldOut = System.out;
        java.io.PrintStream oldErr = System.err;
        int code;
        int deadCode;
        try {
            System.setOut(new java.io.PrintStream(out, true));
            System.setErr(new java.io.PrintStream(err, true));
            code = dev.kafkachatops.app.Main.commandLine().execute("status", "--bootstrap-server",
                    cluster.bootstrapServers());
            deadCode = dev.kafkachatops.app.Main.commandLine().execute("status", "--bootstrap-server",
                    "127.0.0.1:1", "--timeout", "2s");
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("Cluster " + cluster.bootstrapServers()
                        + ": healthy; 3/3 brokers alive, 2 topics, 9 partitions")
                .contains("Mode:                KRaft").contains("RACK").contains("up, active controller");
        assertThat(deadCode).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("error: Cannot reach cluster 127.0.0.1:1: no answer "
                + "within 2 s. Check that the brokers are up and the bootstrap servers are right."
                + System.lineSeparator());
    }

    @Test
    @Order(3)
    void anUnreachableClusterIsOneClearLine() {
        try (Admin dead = AdminClients.create("127.0.0.1:1", Map.of(), Duration.ofSeconds(2))) {
            var r = new AdminClusterReader("ghost", "127.0.0.1:1", dead, Duration.ofSeconds(2), Clock.systemUTC());
            assertThatThrownBy(r::status).isInstanceOf(ClusterReader.ClusterUnavailableException.class)
                    .hasMessage("Cannot reach cluster ghost at 127.0.0.1:1: no answer within 2 s. Check that the "
                            + "brokers are up and the bootstrap servers are right.");
        }
    }

    private static ClusterStatus awaitStatus(java.util.function.Predicate<ClusterStatus> ready) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        ClusterStatus last = null;
        while (System.nanoTime() < deadline) {
            last = reader.status();
            if (ready.test(last)) return last;
            Thread.sleep(200);
        }
        throw new AssertionError("cluster never reached the expected state; last: " + last);
    }

    @SuppressWarnings("unused")
    private static Optional<String> none() {
        return Optional.empty();
    }
}
