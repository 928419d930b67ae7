package dev.kafkachatops.e2e;

import dev.kafkachatops.adapter.jmx.JmxBrokerMetrics;
import dev.kafkachatops.domain.ops.AuditEntry;
import dev.kafkachatops.domain.ops.AuditEvent;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.localkafka.LocalKafkaCluster;
import dev.kafkachatops.localkafka.LocalKafkaNode;
import dev.kafkachatops.localkafka.OldClientJars;
import dev.kafkachatops.plan.upgrade.OldClients;
import dev.kafkachatops.port.BrokerMetrics;
import dev.kafkachatops.sim.SimMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static dev.kafkachatops.e2e.UpgradeRollFixture.FROM;
import static dev.kafkachatops.e2e.UpgradeRollFixture.TO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12's old-clients preflight with real old Java clients (each in its own JVM, compiled there against its own
 * jar only) producing to a real {@value UpgradeRollFixture#FROM} broker process started with JMX on loopback, then the
 * upgrade to {@value UpgradeRollFixture#TO} asked through chat with the real bot:
 * <ol>
 *   <li>kafka-clients 2.0.1 negotiates Produce v6 / Metadata v6, versions 4.x still serves: the broker counts no
 *       deprecated request;</li>
 *   <li>kafka-clients 0.10.2.2 sends Produce v2, which 4.0 removed (KIP-896): the broker's DeprecatedRequestsPerSec
 *       meter counts it (as client "unknown": clients before 2.4 do not send their software name, KIP-511);</li>
 *   <li>{@code upgrade TO} is blocked naming that client, request, rates and broker; nothing is stored or stopped;</li>
 *   <li>{@code upgrade TO allow-old-clients} is stored under that title for approval, and audited OVERRIDDEN.</li>
 * </ol>
 */
class OldClientsIT {
    private static final String TOPIC = "old-clients";
    private Path dir;
    private LocalKafkaCluster cluster;
    private ChatBotHarness chat;

    @AfterEach
    void stop() throws Exception {
        if (chat != null) chat.close();
        UpgradeRollFixture.cleanUp(cluster, dir);
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void oldClientsBlockTheUpgradeTo4AndAllowOldClientsLetsItThroughAudited() throws Exception {
        dir = Files.createTempDirectory("old-clients-");
        cluster = LocalKafkaCluster.builder().baseDir(dir.resolve("cluster")).version(FROM).nodes(1).extraInstall(TO)
                .jmx(true).distributions(UpgradeRollFixture.DISTS).deleteOnClose(true).start();
        LocalKafkaNode node = cluster.nodes().get(0);
        BrokerMetrics jmx = new JmxBrokerMetrics("127.0.0.1", node.jmxPort(), Duration.ofSeconds(5));
        String anyDeprecated = "kafka.network:type=RequestMetrics,name=DeprecatedRequestsPerSec,*";

        produce("2.0.1");
        assertThat(names(jmx.read(anyDeprecated, OldClients.ATTRIBUTES))).as("2.0.1 uses versions 4.x serves")
                .isEmpty();
        System.out.println("OLD CLIENTS after kafka-clients 2.0.1, request versions seen: "
                + names(jmx.read("kafka.network:type=RequestMetrics,name=RequestsPerSec,request=Produce,*",
                List.of("Count"))));
        produce("0.10.2.2");
        List<BrokerMetrics.Reading> seen = jmx.read(OldClients.METRIC_PATTERN, OldClients.ATTRIBUTES);
        System.out.println("OLD CLIENTS after kafka-clients 0.10.2.2, DeprecatedRequestsPerSec MBeans: " + seen);
        assertThat(seen).anySatisfy(r -> {
            assertThat(r.key("request")).isEqualTo("Produce");
            assertThat(r.key("version")).isEqualTo("2");
            assertThat(r.key("clientSoftwareName")).isEqualTo("unknown");
            assertThat(r.number("Count")).isEqualTo(20);
        });
        long pid = node.pid();

        chat = ChatBotHarness.with(BotYaml.dataDir(dir).cluster(BotYaml.Cluster.named("prod",
                        cluster.bootstrapServers()).approvers("U0BOB", "U0CAROL").requiredApprovals(1)
                        .window("* * * * * ?", "1h").localHosts(cluster)))
                .connectWithin(Duration.ofSeconds(20)).start();
        chat.command("alice", "upgrade " + TO);
        SimMessage blocked = chat.await("the blocked plan", Duration.ofSeconds(90), m -> m.bot()
                && m.text().equals("Blocked: upgrade " + TO));
        System.out.println("OLD CLIENTS blocked plan as posted: " + blocked.fullText());
        assertThat(blocked.fullText()).containsPattern(Pattern.quote("*Clients the target refuses*: client unknown "
                + "(version unknown): Produce v2, ") + "\\d+\\.\\d\\d/s now, " + Pattern.quote("20 since start, on "
                + "combined 1 (node-1). Kafka 4.4 refuses these requests (KIP-896): upgrade those clients to 2.1 or "
                + "newer first, or ask with `upgrade " + TO + " allow-old-clients`"));
        assertThat(chat.store().list(Optional.of("prod"), EnumSet.allOf(OpState.class))).isEmpty();
        assertThat(node.isRunning()).isTrue();
        assertThat(node.pid()).as("nothing stopped").isEqualTo(pid);

        chat.command("alice", "upgrade " + TO + " allow-old-clients");
        SimMessage allowed = chat.await("the allow-old-clients plan", Duration.ofSeconds(90), m -> m.bot()
                && !m.ephemeral() && m.text().matches("Plan U\\d+: upgrade " + Pattern.quote(TO)
                + " allow-old-clients — awaiting approval"));
        System.out.println("OLD CLIENTS allow-old-clients plan as posted: " + allowed.fullText());
        assertThat(allowed.fullText()).contains("*Old clients allowed*: client unknown (version unknown): Produce v2")
                .contains("Asked with allow-old-clients: these clients fail once the brokers they talk to run " + TO)
                .contains("*Waiting for approval*: 0 of 1").doesNotContain("Clients the target refuses");
        String id = ChatBotHarness.operationId(allowed);
        assertThat(chat.operation(id).state()).isEqualTo(OpState.AWAITING_APPROVAL);
        Await.until("the override audited", Duration.ofSeconds(30), () -> chat.store().history(Optional.of("prod"),
                Optional.of(id), 20).stream().anyMatch(e -> e.event() == AuditEvent.OVERRIDDEN));
        List<AuditEntry> audit = chat.store().history(Optional.of("prod"), Optional.of(id), 20);
        System.out.println("OLD CLIENTS audit: " + audit);
        assertThat(audit).anyMatch(e -> e.event() == AuditEvent.OVERRIDDEN && e.actor().equals("U0ALICE")
                && e.detail().startsWith("allow-old-clients: client unknown (version unknown): Produce v2"));
        assertThat(node.pid()).as("nothing stopped").isEqualTo(pid);
    }

    private static List<String> names(List<BrokerMetrics.Reading> readings) {
        return readings.stream().map(r -> r.name() + " Count=" + (long) r.number("Count")).toList();
    }

    /** 20 records, each awaited, by a producer of kafka-clients {@code version} in a JVM of its own. */
    private void produce(String version) throws Exception {
        Path src = dir.resolve("OldProducer.java");
        Files.writeString(src, """
                import java.util.Properties;
                import org.apache.kafka.clients.producer.KafkaProducer;
                import org.apache.kafka.clients.producer.ProducerRecord;

                public class OldProducer {
                    public static void main(String[] args) throws Exception {
                        Properties p = new Properties();
                        p.put("bootstrap.servers", args[0]);
                        p.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
                        p.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
                        KafkaProducer<String, String> producer = new KafkaProducer<>(p);
                        for (int i = 0; i < 20; i++) producer.send(new ProducerRecord<>(args[1], "k" + i, "v" + i)).get();
                        producer.close();
                        System.out.println("sent 20");
                    }
                }
                """);
        String cp = OldClientJars.resolve(version).stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator));
        Path out = dir.resolve("producer-" + version + ".out");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", cp, src.toString(), cluster.bootstrapServers(), TOPIC).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("the " + version + " producer ends").isTrue();
        String log = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(log).as("kafka-clients " + version + " output").contains("sent 20");
        assertThat(p.exitValue()).isZero();
    }
}
