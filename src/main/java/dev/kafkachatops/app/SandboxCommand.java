package dev.kafkachatops.app;

import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.ConfigLoader;
import dev.kafkachatops.config.SlackCredentials;
import dev.kafkachatops.localkafka.KafkaDistributions;
import dev.kafkachatops.localkafka.LocalKafkaCluster;
import dev.kafkachatops.localkafka.LocalKafkaClusterBuilder;
import dev.kafkachatops.localkafka.LocalMirror;
import dev.kafkachatops.sim.SimOptions;
import dev.kafkachatops.sim.SlackSimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * {@code sandbox}: a real local KRaft cluster (separate broker processes laid out like real installs), the
 * project's Slack simulator, and the unchanged bot connected to the simulator over Socket Mode. Ctrl-C stops
 * all of it; nothing is left running.
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "Start a local 3-node Kafka cluster, the Slack simulator and the bot connected to it.",
        exitCodeListHeading = Cli.EXIT_HEADING,
        exitCodeList = {"0:stopped (Ctrl-C)", "1:bad arguments or a start that failed"},
        footer = {"%nExample:", "  kafka-chatops sandbox --kafka-version 3.9.1 --port 8080"})
public final class SandboxCommand implements Callable<Integer> {
    static final int DEFAULT_PORT = 8080;
    /**
     * The newest Kafka release seen to start and serve on this project's machines (Java 17), and to take a
     * rolling upgrade from 3.9.1 with metadata.version finalized afterwards (checked with 4.4.0, 4.3.1, 4.2.2
     * and 4.1.1 on 2026-11-25).
     */
    static final String UPGRADE_VERSION = "4.4.0";

    @Option(names = "--kafka-version", defaultValue = "3.9.1", paramLabel = "VERSION",
            description = "Kafka version of the brokers, from Maven Central (default: ${DEFAULT-VALUE}).")
    String kafkaVersion;

    @Option(names = "--upgrade-version", defaultValue = UPGRADE_VERSION, paramLabel = "VERSION",
            description = "Kafka version installed beside the running one on every node, for trying /kafka upgrade "
                    + "(default: ${DEFAULT-VALUE}; `none` to install nothing).")
    String upgradeVersion;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port of the simulator's page and APIs (default: " + DEFAULT_PORT + ", or a free one "
                    + "if that is taken; 0 = any free port).")
    Integer port;

    @Option(names = "--nodes", defaultValue = "3", paramLabel = "N",
            description = "KRaft nodes that are controllers and brokers (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--new-brokers", defaultValue = "1", paramLabel = "N",
            description = "Extra broker-only nodes that have just joined and hold no data (default: ${DEFAULT-VALUE}).")
    int newBrokers;

    @Option(names = "--no-data", description = "Do not create any demo topic (neither `orders` nor the small ones).")
    boolean noData;

    @Option(names = "--demo-topics", defaultValue = "30", paramLabel = "N",
            description = "Small topics (1-3 partitions, 20 KB-3 MB per partition) created beside `orders` on the "
                    + "first brokers, so that /kafka expand plans the whole cluster (default: ${DEFAULT-VALUE}, at most "
                    + "30; 0 = only `orders`).")
    int demoTopics;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Where the nodes live (default: a temporary folder removed at exit).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        if (!KafkaDistributions.isValidVersion(kafkaVersion)) {
            System.err.println("error: --kafka-version must look like 3.9.1, got `" + kafkaVersion + "`");
            return Cli.FAILED;
        }
        if (!upgradeVersion.equals("none") && !KafkaDistributions.isValidVersion(upgradeVersion)) {
            System.err.println("error: --upgrade-version must look like 4.1.1 or be `none`, got `" + upgradeVersion + "`");
            return Cli.FAILED;
        }
        if (nodes < 1 || nodes > 9 || newBrokers < 0 || nodes + newBrokers > 9) {
            System.err.println("error: --nodes must be 1 to 9 and --nodes plus --new-brokers at most 9");
            return Cli.FAILED;
        }
        if (demoTopics < 0 || demoTopics > SandboxTopics.SMALL_NAMES.size()) {
            System.err.println("error: --demo-topics must be 0 to " + SandboxTopics.SMALL_NAMES.size());
            return Cli.FAILED;
        }
        long started = System.nanoTime();
        boolean temporary = dir == null;
        Path base = temporary ? Files.createTempDirectory("kafka-chatops-sandbox-") : dir.toAbsolutePath();
        Sandbox sandbox = new Sandbox(base, temporary);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            System.out.println("Stopping the sandbox...");
            long t0 = System.nanoTime();
            sandbox.close();
            System.out.println("Stopped in " + (System.nanoTime() - t0) / 1_000_000 + " ms.");
            stopped.countDown();
        }, "sandbox-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Optional<String> upgrade = Optional.of(upgradeVersion).filter(v -> !v.equals("none") && !v.equals(kafkaVersion));
        try {
            System.out.println("Starting Kafka " + kafkaVersion + " (" + nodes + " KRaft nodes"
                    + (newBrokers > 0 ? " + " + newBrokers + " new broker" + (newBrokers > 1 ? "s" : "") : "")
                    + upgrade.map(v -> ", Kafka " + v + " installed beside").orElse("") + ") in " + base + " ...");
            LocalKafkaClusterBuilder builder = LocalKafkaCluster.builder().baseDir(base.resolve("cluster"))
                    .version(kafkaVersion).nodes(nodes + newBrokers).controllers(nodes)
                    .rack(id -> "rack-" + (char) ('a' + (id - 1) % 3)).jmx(true);
            upgrade.ifPresent(builder::extraInstall);
            sandbox.cluster = builder.start();
            if (!noData) {
                SandboxData.create(sandbox.cluster.bootstrapServers(), nodes, demoTopics).forEach(System.out::println);
            }
            sandbox.sim = SlackSimulator.start(SimOptions.builder().httpPort(choosePort()).build());
            sandbox.mirror = LocalMirror.start(new KafkaDistributions(), LocalMirror.defaultCache());
            String yaml = sandboxConfig(sandbox.sim.apiUrlPrefix(), base.resolve("data"),
                    sandbox.cluster.bootstrapServers(), hostRoots(sandbox.cluster), sandbox.mirror.url(),
                    jmxPorts(sandbox.cluster));
            Files.writeString(base.resolve("sandbox.yaml"), yaml);
            BotConfig config = new ConfigLoader(Map.of()).parse(base.resolve("sandbox.yaml"), yaml);
            sandbox.bot = RunCommand.Bot.start(config, new SlackCredentials(sandbox.sim.botToken(),
                    Optional.of(sandbox.sim.appToken()), Optional.empty()));
            awaitConnected(sandbox.sim);
        } catch (Exception e) {
            System.err.println("error: the sandbox did not start: " + e.getMessage());
            return Cli.FAILED;
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        System.out.println();
        System.out.println("kafka-chatops sandbox is ready (" + ms + " ms)");
        System.out.println("  Slack channel page:  " + sandbox.sim.pageUrl());
        System.out.println("  Bootstrap servers:   " + sandbox.cluster.bootstrapServers());
        System.out.println("  Scripting API:       " + sandbox.sim.pageUrl() + "api/sim/  (see README)");
        System.out.println("  Bot configuration:   " + base.resolve("sandbox.yaml"));
        sandbox.bot.opsUrl().ifPresent(u -> System.out.println("Metrics: " + u + "/metrics  health: " + u
                + "/healthz  ready: " + u + "/readyz"));
        upgrade.ifPresent(v -> System.out.println("  Installed beside:    Kafka " + v + " on every node (try /kafka upgrade "
                + v + ")"));
        System.out.println("  Release mirror:      " + sandbox.mirror.url() + "  (other releases are installed from "
                + "Maven Central's jars when an upgrade needs them)");
        System.out.println("Type /kafka help or /kafka status in #general. Press Ctrl-C to stop everything.");
        System.out.flush();
        stopped.await();
        return 0;
    }

    private int choosePort() throws IOException {
        if (port != null) return port;
        try (ServerSocket s = new ServerSocket(DEFAULT_PORT, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return DEFAULT_PORT;
        } catch (BindException e) {
            System.out.println("Port " + DEFAULT_PORT + " is taken; using a free port instead.");
            return 0;
        }
    }

    private static void awaitConnected(SlackSimulator sim) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (sim.socketConnections() == 0) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the bot did not connect to the simulator");
            Thread.sleep(20);
        }
    }

    private static Map<Integer, Path> hostRoots(LocalKafkaCluster cluster) {
        Map<Integer, Path> roots = new TreeMap<>();
        cluster.nodes().forEach(n -> roots.put(n.id(), n.hostRoot()));
        return roots;
    }

    private static Map<Integer, Integer> jmxPorts(LocalKafkaCluster cluster) {
        Map<Integer, Integer> ports = new TreeMap<>();
        cluster.nodes().stream().filter(n -> n.jmxPort() > 0).forEach(n -> ports.put(n.id(), n.jmxPort()));
        return ports;
    }

    static String sandboxConfig(String apiUrl, Path dataDir, String bootstrapServers, Map<Integer, Path> hostRoots,
                                String mirrorUrl) {
        return sandboxConfig(apiUrl, dataDir, bootstrapServers, hostRoots, mirrorUrl, Map.of());
    }

    /**
     * The sandbox's own bot configuration: one cluster operated from #general, alice plans, bob and carol approve
     * (and may plan); dave may do neither. Each node is a host reached with the local-shell driver below its own
     * root ({@code <dir>/cluster/node-<id>}), with its broker's JMX port on 127.0.0.1 where {@code jmxPorts} has one (the
     * upgrade preflight reads it for clients Kafka 4.x refuses; a restart by the bot starts the broker with it again).
     */
    static String sandboxConfig(String apiUrl, Path dataDir, String bootstrapServers, Map<Integer, Path> hostRoots,
                                String mirrorUrl, Map<Integer, Integer> jmxPorts) {
        StringBuilder hosts = new StringBuilder();
        hostRoots.forEach((id, root) -> hosts.append("        ").append(id).append(": { host: node-").append(id)
                .append(", root: ").append(root).append(jmxPorts.containsKey(id) ? ", jmxPort: " + jmxPorts.get(id)
                        : "").append(" }\n"));
        return """
                # Written by `kafka-chatops sandbox`: the bot's configuration in the sandbox.
                slack:
                  mode: socket
                  apiUrl: %s
                metrics:
                  port: 0            # /metrics, /healthz, /readyz on any free port (printed at start)
                  address: 127.0.0.1
                storage:
                  dataDir: %s   # plans, approvals, schedules and runs: an H2 file database here
                clusters:
                  - name: sandbox
                    bootstrapServers: %s
                    channels: [general]
                    operators:
                      users: [U0ALICE]   # alice plans; bob and carol, the approvers, may plan too
                    approvals:
                      users: [U0BOB, U0CAROL]
                      required: 1
                      allowSelfApproval: false
                    windows:
                      - cron: "0 */3 * * * ?"   # a low-traffic window every 3 minutes, open for 2
                        duration: 2m
                        timezone: UTC
                    hosts:
                      mirror: %s   # the sandbox's release mirror: any Kafka release on Maven Central
                      defaults:
                        driver: local
                        service: process
                      brokers:
                """.formatted(apiUrl, dataDir, bootstrapServers, mirrorUrl) + hosts;
    }

    /** Everything the sandbox started, closed in reverse order. */
    private static final class Sandbox implements AutoCloseable {
        private final Path base;
        private final boolean temporary;
        volatile LocalKafkaCluster cluster;
        volatile SlackSimulator sim;
        volatile RunCommand.Bot bot;
        volatile LocalMirror mirror;

        Sandbox(Path base, boolean temporary) {
            this.base = base;
            this.temporary = temporary;
        }

        @Override
        public synchronized void close() {
            if (bot != null) bot.close();
            if (sim != null) sim.close();
            if (mirror != null) mirror.close();
            if (cluster != null) cluster.close();
            bot = null;
            sim = null;
            mirror = null;
            cluster = null;
            if (temporary) deleteTree(base);
        }

        private static void deleteTree(Path p) {
            try (Stream<Path> s = Files.walk(p)) {
                s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not remove " + p + ": " + e.getMessage());
            }
        }
    }
}
