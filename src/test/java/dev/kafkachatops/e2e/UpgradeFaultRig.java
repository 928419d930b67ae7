package dev.kafkachatops.e2e;

import dev.kafkachatops.config.HostConfig;
import dev.kafkachatops.adapter.host.BrokerHosts;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.localkafka.LocalKafkaCluster;
import dev.kafkachatops.port.BrokerHost;
import dev.kafkachatops.sim.SimMessage;
import dev.kafkachatops.sim.SlackSimulator;
import org.apache.kafka.clients.admin.Admin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.kafkachatops.e2e.UpgradeRollFixture.TO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the fault tests of a rolling upgrade share (issue 14): a fresh 3-node cluster of real broker processes on
 * {@link UpgradeRollFixture#FROM} with {@link UpgradeRollFixture#TO} beside it, the zero-loss probe, the test's own
 * view of the hosts, the simulator's faults API over HTTP (as an operator would call it), and the thread checks.
 */
final class UpgradeFaultRig implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    final Path dir;
    final LocalKafkaCluster cluster;
    final Admin admin;
    private final BrokerHosts brokerHosts = new BrokerHosts(Clock.systemUTC());
    ProduceConsumeProbe probe;

    private UpgradeFaultRig(Path dir, LocalKafkaCluster cluster) {
        this.dir = dir;
        this.cluster = cluster;
        this.admin = UpgradeRollFixture.admin(cluster);
    }

    static UpgradeFaultRig start(String prefix) throws Exception {
        Path dir = Files.createTempDirectory(prefix);
        try {
            return new UpgradeFaultRig(dir, UpgradeRollFixture.startCluster(dir.resolve("cluster")));
        } catch (Exception | Error e) {
            UpgradeRollFixture.cleanUp(null, dir);
            throw e;
        }
    }

    /** The produce/consume probe at {@link UpgradeRollFixture#RATE}, once it has 1,000 acknowledgements. */
    void startLoad() throws InterruptedException {
        probe = ProduceConsumeProbe.start(cluster.bootstrapServers(), UpgradeRollFixture.TOPIC,
                UpgradeRollFixture.RATE);
        probe.awaitAcked(1000, Duration.ofSeconds(60));
    }

    List<Integer> ids() {
        return UpgradeRollFixture.ids(cluster);
    }

    /** The test's own view of each node's host, through the local-shell driver the bot uses. */
    IntFunction<BrokerHost> hosts() {
        Map<Integer, HostConfig> config = new TreeMap<>();
        cluster.nodes().forEach(n -> config.put(n.id(), UpgradeRollFixture.localHost(n)));
        BotConfig.Cluster c = UpgradeRollFixture.clusterConfig("test", cluster, config);
        return id -> brokerHosts.forBroker(c, id);
    }

    /** {@code POST /api/sim/faults} with {@code json}; fails unless the simulator accepted it. */
    static void fault(SlackSimulator sim, String json) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(simApi(sim, "faults"))
                .POST(HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).as("POST /api/sim/faults " + json).contains("\"ok\":true");
    }

    /** {@code DELETE /api/sim/faults}: Slack is back. */
    static void clearFaults(SlackSimulator sim) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(simApi(sim, "faults")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).contains("\"ok\":true");
    }

    private static URI simApi(SlackSimulator sim, String path) {
        return URI.create(sim.apiUrlPrefix() + "sim/" + path);
    }

    private static final Pattern NODE_ENTRY = Pattern.compile("Node (\\d+) runs " + Pattern.quote(TO)
            + ": stopped, switched, restarted and healthy in");

    /** The nodes of the thread's "Node N runs ..." entries, in the thread's order (repeats kept). */
    static List<Integer> nodeEntries(SimMessage plan) {
        List<Integer> nodes = new ArrayList<>();
        for (SimMessage reply : plan.replies()) {
            Matcher m = NODE_ENTRY.matcher(reply.text());
            if (m.find()) nodes.add(Integer.parseInt(m.group(1)));
        }
        return nodes;
    }

    @Override
    public void close() throws Exception {
        try {
            if (probe != null) probe.close();
            brokerHosts.close();
            admin.close(Duration.ofSeconds(5));
        } finally {
            UpgradeRollFixture.cleanUp(cluster, dir);
        }
    }
}
