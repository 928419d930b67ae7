package dev.kafkachatops.app;

import dev.kafkachatops.TestClusters;
import dev.kafkachatops.adapter.host.EmbeddedSshServer;
import dev.kafkachatops.adapter.store.jdbc.Database;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.ConfigLoader;
import dev.kafkachatops.sim.SimOptions;
import dev.kafkachatops.sim.SlackSimulator;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kafka-chatops doctor} on the sandbox's configuration shape ({@link SandboxCommand#sandboxConfig}) with real
 * parts: the Slack simulator, an in-process KRaft broker, an H2 file database migrated by the bot's own
 * {@link Database}, a broker host reached with the local shell below its own root (a real {@code kafka} link and
 * jar), and for SSH a real SSH server. All pass with exit 0; each broken set-up fails exactly its own lines, exit 1.
 */
class DoctorIT {
    private static KafkaClusterTestKit kafka;
    @TempDir
    static Path shared;
    private static Path dataDir;
    private static Path nodeRoot;

    @TempDir
    Path dir;
    private SlackSimulator sim;

    @BeforeAll
    static void startKafkaAndDatabase() throws Exception {
        kafka = TestClusters.start(1);
        dataDir = Files.createDirectories(shared.resolve("data"));
        nodeRoot = Files.createDirectories(shared.resolve("node-0"));
        install(nodeRoot, "3.9.1");
        BotConfig.Storage storage = new BotConfig.Storage(Database.defaultH2Url(dataDir), Optional.empty(),
                dataDir);
        Database.open(storage).close(); // the schema as the bot leaves it after its first start
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) kafka.close();
    }

    @AfterEach
    void stopSim() {
        if (sim != null) sim.close();
    }

    @Test
    void theSandboxShapePassesEveryCheck() throws Exception {
        sim = SlackSimulator.start(SimOptions.defaults());
        Result r = doctor(sandboxYaml(kafka.bootstrapServers()));
        assertThat(r.exit).as(r.out).isZero();
        assertThat(r.failed()).isEmpty();
        assertThat(r.out).contains("pass  config: parses", "pass  slack: auth.test", "pass  slack: scopes",
                "pass  slack: names", "pass  slack: channel C0GENERAL (sandbox)", "pass  slack: connection",
                "pass  kafka sandbox: reachable", "pass  kafka sandbox: authorized", // no authorizer: Kafka allows all
                "the principal may ALTER, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS the cluster",
                "pass  host node-0 (sandbox node 0): reachable", "pass  host node-0 (sandbox node 0): kafka link",
                "pass  host node-0 (sandbox node 0): status", "pass  host node-0 (sandbox node 0): java",
                "pass  storage: database", "pass  storage: schema", "(current)", "pass  storage: quartz tables",
                " 0 failed");
    }

    @Test
    void aMissingScopeIsNamedWithWhatItIsFor() throws Exception {
        sim = SlackSimulator.start(SimOptions.builder().withoutBotScope("files:write").build());
        Result r = doctor(sandboxYaml(kafka.bootstrapServers()));
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.failed()).singleElement().asString().startsWith("FAIL  slack: scopes")
                .endsWith("missing: files:write (filesUploadV2)");
        assertThat(r.out).contains("fix: add files:write under OAuth & Permissions");
    }

    @Test
    void aChannelWithoutTheBotIsNamedWithTheInvite() throws Exception {
        sim = SlackSimulator.start(SimOptions.defaults());
        sim.membership("general", sim.options().botUser().id(), false);
        Result r = doctor(sandboxYaml(kafka.bootstrapServers()));
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.failed()).singleElement().asString().startsWith("FAIL  slack: channel C0GENERAL (sandbox)")
                .contains("the bot is not a member of #general");
        assertThat(r.out).contains("fix: invite the bot: /invite @kafka-chatops in that channel");
    }

    @Test
    void anUnreachableClusterIsNamedAndItsPermissionsSkipped() throws Exception {
        sim = SlackSimulator.start(SimOptions.defaults());
        Result r = doctor(sandboxYaml("127.0.0.1:" + freePort()));
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.failed()).singleElement().asString().startsWith("FAIL  kafka sandbox: reachable")
                .contains("Cannot reach cluster sandbox at 127.0.0.1:");
        assertThat(r.out).containsPattern("skip  kafka sandbox: authorized +the cluster is not reachable");
    }

    @Test
    void aHostWhoseKeyIsNotKnownIsRefusedAndNamed() throws Exception {
        sim = SlackSimulator.start(SimOptions.defaults());
        KeyPair client = EmbeddedSshServer.newKey("EC");
        Path key = EmbeddedSshServer.writePrivateKey(dir, "id_ecdsa", client);
        try (EmbeddedSshServer ssh = EmbeddedSshServer.start(dir, "EC", client.getPublic())) {
            Path knownHosts = ssh.writeKnownHosts(); // empty: the server's key is unknown
            String yaml = sandboxYaml(kafka.bootstrapServers()).replace("        0: { host: node-0, root: " + nodeRoot
                    + " }", "        0: { host: 127.0.0.1, driver: ssh, port: " + ssh.port() + ", sshUser: test, "
                    + "sshKey: " + key + ", knownHosts: " + knownHosts + ", service: scripts }");
            Result r = doctor(yaml);
            assertThat(r.exit).isEqualTo(1);
            assertThat(r.failed()).singleElement().asString()
                    .startsWith("FAIL  host 127.0.0.1 (sandbox node 0): reachable").contains("host key not in "
                            + "known_hosts");
            assertThat(ssh.sessionsCreated()).as("the SSH server was asked").isPositive();
        }
    }

    @Test
    void aHostWithoutItsKafkaLinkIsNamed() throws Exception {
        sim = SlackSimulator.start(SimOptions.defaults());
        Path bare = Files.createDirectories(dir.resolve("bare/usr/local"));
        String yaml = sandboxYaml(kafka.bootstrapServers()).replace("root: " + nodeRoot, "root: " + bare.getParent()
                .getParent());
        Result r = doctor(yaml);
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.failed()).singleElement().asString().startsWith("FAIL  host node-0 (sandbox node 0): kafka link")
                .contains("/usr/local/kafka does not exist");
    }

    /**
     * A host with {@code jmxPort}: the node's remote JMX is read as the upgrade preflight reads it. The in-process
     * broker's meters live in this JVM's platform MBean server, served here over a JMX connector on loopback as
     * Kafka's {@code JMX_PORT} serves them; a port nobody listens on is named with the fix.
     */
    @Test
    void aHostsJmxIsReadAndAPortThatRefusesIsNamed() throws Exception {
        sim = SlackSimulator.start(SimOptions.defaults());
        int port = freePort();
        java.rmi.registry.Registry registry = java.rmi.registry.LocateRegistry.createRegistry(port);
        javax.management.remote.JMXConnectorServer jmx = javax.management.remote.JMXConnectorServerFactory
                .newJMXConnectorServer(new javax.management.remote.JMXServiceURL("service:jmx:rmi://127.0.0.1:" + port
                        + "/jndi/rmi://127.0.0.1:" + port + "/jmxrmi"), Map.of(),
                        java.lang.management.ManagementFactory.getPlatformMBeanServer());
        jmx.start();
        try {
            Result ok = doctor(sandboxYaml(kafka.bootstrapServers(), Map.of(0, port)));
            assertThat(ok.exit).as(ok.out).isZero();
            assertThat(ok.out).containsPattern("pass  host node-0 \\(sandbox node 0\\): jmx +127\\.0\\.0\\.1:" + port
                    + " answers: (broker state 3 \\(running\\)|controller)");
        } finally {
            jmx.stop();
            java.rmi.server.UnicastRemoteObject.unexportObject(registry, true);
        }
        int closed = freePort();
        Result r = doctor(sandboxYaml(kafka.bootstrapServers(), Map.of(0, closed)));
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.failed()).singleElement().asString().startsWith("FAIL  host node-0 (sandbox node 0): jmx")
                .contains("connection refused");
        assertThat(r.out).contains("fix: start the node with remote JMX on that port (JMX_PORT=" + closed);
    }

    @Test
    void aDatabaseThatDoesNotAnswerIsNamed() throws Exception {
        sim = SlackSimulator.start(SimOptions.defaults());
        String yaml = sandboxYaml(kafka.bootstrapServers()).replace("storage:\n", "storage:\n  jdbcUrl: "
                + "jdbc:postgresql://127.0.0.1:" + freePort() + "/test\n");
        Result r = doctor(yaml);
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.failed()).singleElement().asString().startsWith("FAIL  storage: database")
                .contains("cannot connect to jdbc:postgresql://127.0.0.1:");
        assertThat(r.out).contains("skip  storage: schema", "skip  storage: quartz tables");
    }

    private String sandboxYaml(String bootstrap) {
        return sandboxYaml(bootstrap, Map.of());
    }

    private String sandboxYaml(String bootstrap, Map<Integer, Integer> jmxPorts) {
        return SandboxCommand.sandboxConfig(sim.apiUrlPrefix(), dataDir, bootstrap, Map.of(0, nodeRoot),
                "http://127.0.0.1:9/kafka", jmxPorts);
    }

    private record Result(int exit, String out) {
        List<String> failed() {
            return out.lines().filter(l -> l.startsWith("FAIL")).toList();
        }
    }

    private Result doctor(String yaml) throws IOException {
        Path file = dir.resolve("doctor.yaml");
        Files.writeString(file, yaml);
        DoctorCommand cmd = new DoctorCommand();
        cmd.env = Map.of("SLACK_BOT_TOKEN", sim.botToken(), "SLACK_APP_TOKEN", sim.appToken());
        StringWriter out = new StringWriter();
        CommandLine cl = Main.configure(new CommandLine(cmd));
        cl.setOut(new PrintWriter(out));
        int exit = cl.execute("--config", file.toString());
        System.out.println("$ kafka-chatops doctor --config " + file + "\n" + out + "exit " + exit);
        return new Result(exit, out.toString());
    }

    /** A node's install as the sandbox lays it out: {@code /usr/local/kafka -> kafka_2.13-<version>}. */
    private static void install(Path root, String version) throws IOException {
        Path usrLocal = Files.createDirectories(root.resolve("usr/local"));
        Path folder = usrLocal.resolve("kafka_2.13-" + version);
        Files.createDirectories(folder.resolve("libs"));
        Files.createDirectories(folder.resolve("config"));
        Files.createFile(folder.resolve("libs/kafka_2.13-" + version + ".jar"));
        Files.writeString(folder.resolve("config/server.properties"), "node.id=0\nprocess.roles=broker,controller\n");
        Files.createSymbolicLink(usrLocal.resolve("kafka"), Path.of("kafka_2.13-" + version));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
