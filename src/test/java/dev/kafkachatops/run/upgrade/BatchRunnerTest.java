package dev.kafkachatops.run.upgrade;

import dev.kafkachatops.domain.JavaRuntime;
import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.plan.upgrade.BatchMode;
import dev.kafkachatops.plan.upgrade.Batching;
import dev.kafkachatops.plan.upgrade.NodeRole;
import dev.kafkachatops.plan.upgrade.Phase;
import dev.kafkachatops.plan.upgrade.RestartPlan;
import dev.kafkachatops.plan.upgrade.RestartPlanner;
import dev.kafkachatops.plan.upgrade.StepKind;
import dev.kafkachatops.plan.upgrade.UpgradeStep;
import dev.kafkachatops.port.BrokerHost;
import dev.kafkachatops.port.BrokerInstall;
import dev.kafkachatops.port.ConfigChange;
import dev.kafkachatops.run.MemoryRunControl;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner on a batched restart over a fake cluster of controllers 1..3 (2 active) and brokers 4..9 on racks a, b,
 * c, a, b, c with rack-aware partitions at min ISR 2: a batch's members stop together after one batch-wide gate and
 * start together; controllers one at a time; a batch that would break min ISR on the live state is split and the
 * listener hears why; a run stopped mid-batch starts the stopped members and repeats no finished node.
 */
class BatchRunnerTest {
    /** The call log; a hook may act when a call is logged (e.g. deregister a broker at its third poll). */
    final Map<String, Runnable> hooks = new java.util.concurrent.ConcurrentHashMap<>();
    final List<String> calls = Collections.synchronizedList(new ArrayList<>() {
        @Override
        public boolean add(String call) {
            super.add(call);
            int n = (int) stream().filter(call::equals).count();
            Runnable hook = hooks.get(call + " #" + n);
            if (hook != null) hook.run();
            return true;
        }
    });
    final FakeUpgradeAdmin admin = new FakeUpgradeAdmin(calls, Set.of(4, 5, 6, 7, 8, 9), Set.of(1, 2, 3));
    static final List<List<Integer>> PLACEMENT = List.of(List.of(4, 5, 6), List.of(5, 6, 7), List.of(6, 7, 8),
            List.of(7, 8, 9), List.of(8, 9, 4), List.of(9, 4, 5));
    final Map<Integer, FakeHost> hosts = new TreeMap<>();
    final MemoryRunControl log = new MemoryRunControl("R1", Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    final Instant[] now = {Instant.parse("2026-12-08T02:00:00Z")};
    final Clock clock = new Clock() {
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(ZoneId z) {
            return this;
        }

        public synchronized Instant instant() {
            return now[0];
        }
    };

    {
        admin.leadership(2);
        admin.createTopic("orders", PLACEMENT, 2, false);
        for (int i = 1; i <= 9; i++) hosts.put(i, new FakeHost(i));
    }

    RestartPayload plan(List<Integer> brokers) {
        var b = dev.kafkachatops.plan.upgrade.UpgradeSnapshot.builder("prod", dev.kafkachatops.domain.ClusterMode.KRAFT)
                .activeController(2).metadataLevel(21);
        Map<Integer, NodeRole> roles = new TreeMap<>();
        for (int i = 1; i <= 3; i++) {
            b.node(node(i, NodeRole.CONTROLLER, "3.9.1"));
            roles.put(i, NodeRole.CONTROLLER);
        }
        for (int i = 4; i <= 9; i++) {
            b.node(node(i, NodeRole.BROKER, "3.9.1")).rack(i, "rack-" + (char) ('a' + (i - 4) % 3));
            roles.put(i, NodeRole.BROKER);
        }
        for (int p = 0; p < PLACEMENT.size(); p++) b.partition("orders-" + p, PLACEMENT.get(p), PLACEMENT.get(p), 2);
        RestartPlan plan = new RestartPlanner().plan(b.build(), brokers, false, Optional.empty(),
                new Batching(BatchMode.RACK, 20));
        return new RestartPayload(plan, roles);
    }

    UpgradeRunner runner() {
        return new UpgradeRunner(admin, hosts::get, clock, d -> {
            synchronized (clock) {
                now[0] = now[0].plus(d);
            }
        }, new UpgradeRunner.Options(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMillis(250)));
    }

    /** The calls of the hosts and the gates, in order, without the polls of the health gate. */
    List<String> hostCalls() {
        synchronized (calls) {
            return calls.stream().filter(c -> c.startsWith("stop ") || c.startsWith("start ")
                    || c.equals("placements") || c.startsWith("gate-minisr") || c.startsWith("elect ")).toList();
        }
    }

    static boolean before(List<String> calls, String a, String b) {
        // both present, a first
        return calls.indexOf(a) >= 0 && calls.indexOf(b) > calls.indexOf(a);
    }

    final List<String> heard = new ArrayList<>();
    final UpgradeRunner.Listener listener = new UpgradeRunner.Listener() {
        @Override
        public void batchSplit(List<Integer> batch, List<List<Integer>> parts, String why) {
            heard.add(batch + " -> " + parts + ": " + why);
        }
    };

    @Test
    void theBrokersOfABatchStopTogetherAfterOneGateAndStartTogetherControllersOneAtATime() {
        RestartPayload p = plan(List.of());
        var outcome = runner().run(p, log, listener);
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(UpgradeRunner.Outcome.Status.DONE);
        List<String> c = hostCalls();
        // controllers first, one at a time, the active one last; no min ISR gate for a controller
        assertThat(c.subList(0, 6)).containsExactly("stop 1", "start 1", "stop 3", "start 3", "stop 2", "start 2");
        // then per batch: one read of the partitions, both stops (together), both starts (together), elections
        List<String> rest = c.subList(6, c.size());
        assertThat(rest).hasSize(3 * 7);
        List<List<Integer>> batches = List.of(List.of(4, 7), List.of(5, 8), List.of(6, 9));
        for (int k = 0; k < 3; k++) {
            int a = batches.get(k).get(0);
            int b = batches.get(k).get(1);
            List<String> chunk = rest.subList(7 * k, 7 * k + 7);
            assertThat(chunk.get(0)).isEqualTo("placements");
            assertThat(chunk.subList(1, 3)).containsExactlyInAnyOrder("stop " + a, "stop " + b);
            assertThat(chunk.subList(3, 5)).containsExactlyInAnyOrder("start " + a, "start " + b);
            assertThat(chunk.subList(5, 7)).containsExactly("elect " + a, "elect " + b);
        }
        assertThat(heard).isEmpty();
        assertThat(log.all()).allSatisfy(cp -> assertThat(cp.status()).isEqualTo(Checkpoint.Status.DONE));
        assertThat(log.all()).hasSize(p.plan().steps().size());
    }

    @Test
    void aBatchThatWouldBreakMinIsrNowIsSplitAndTheThreadHearsWhy() {
        RestartPayload p = plan(List.of(4, 5, 6, 7, 8, 9));
        UpgradeRunner.Listener dropping = new UpgradeRunner.Listener() {
            @Override
            public void stepDone(UpgradeStep step, Duration took) {
                // after the check of the cluster: broker 5 falls out of orders-0's ISR for the next 3 reads, so
                // {4, 7} down would leave orders-0 with 6 alone
                if (step.kind() == StepKind.PREFLIGHT) admin.dropFromIsr(new TopicPartitionRef("orders", 0), 5, 3);
            }

            @Override
            public void batchSplit(List<Integer> batch, List<List<Integer>> parts, String why) {
                listener.batchSplit(batch, parts, why);
            }
        };
        var outcome = runner().run(p, log, dropping);
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(UpgradeRunner.Outcome.Status.DONE);
        assertThat(heard).containsExactly("[4, 7] -> [[4], [7]]: 1 partition would fall below min.insync.replicas "
                + "with every broker of the batch down (e.g. orders-0)");
        List<String> c = hostCalls();
        // 4 alone: its own gate waits until 5 is back in the ISR, stops, starts; then 7 alone
        assertThat(c.subList(0, 6)).containsExactly("placements", "gate-minisr 4", "gate-minisr 4", "gate-minisr 4",
                "stop 4", "start 4");
        assertThat(before(c, "elect 4", "gate-minisr 7")).isTrue();
        assertThat(before(c, "gate-minisr 7", "stop 7")).isTrue();
        assertThat(c.subList(1, c.size()).indexOf("placements") + 1).as("the next batch's read")
                .isGreaterThan(c.indexOf("elect 7"));
        assertThat(c.stream().filter(x -> x.startsWith("stop ")).count()).isEqualTo(6);
    }

    @Test
    void aRunStoppedMidBatchStartsItsStoppedMembersAndRepeatsNoFinishedNode() {
        RestartPayload p = plan(List.of(4, 5, 6, 7, 8, 9));
        Phase brokers = p.plan().phases().stream().filter(ph -> ph.kind() == Phase.Kind.ROLL_BROKERS).findFirst()
                .orElseThrow();
        assertThat(brokers.units()).containsExactly(List.of(4, 7), List.of(5, 8), List.of(6, 9));
        // the bot died after: the check, batch {4, 7} done, and in batch {5, 8} broker 5 stopped, 8's stop begun
        for (UpgradeStep s : p.plan().steps()) {
            int n = s.node().orElse(0);
            if (s.node().isEmpty() || n == 4 || n == 7) log.write(s.key(), Checkpoint.Status.DONE, "took 1 ms");
            if ((n == 5 || n == 8) && s.kind() == StepKind.SAFETY_GATE) log.write(s.key(), Checkpoint.Status.DONE, "");
            if (n == 5 && s.kind() == StepKind.STOP) log.write(s.key(), Checkpoint.Status.DONE, "took 1 ms");
            if (n == 8 && s.kind() == StepKind.STOP) log.write(s.key(), Checkpoint.Status.STARTED, "");
        }
        hosts.get(5).running = false;
        admin.stop(5);
        hosts.get(8).running = false;
        admin.stop(8);

        var outcome = runner().run(p, log, listener);
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(UpgradeRunner.Outcome.Status.DONE);
        List<String> c = hostCalls();
        // no gate for the members under way (they are down), 8's stop repeated (a no-op), 5's not; both started
        assertThat(c.subList(0, 3)).containsExactlyInAnyOrder("stop 8", "start 5", "start 8");
        assertThat(c.get(0)).isEqualTo("stop 8");
        assertThat(c).doesNotContain("stop 4", "stop 7", "start 4", "start 7", "stop 5", "gate-minisr 5",
                "gate-minisr 8");
        assertThat(before(c, "elect 8", "placements")).isTrue();
        assertThat(c.subList(c.indexOf("placements"), c.size())).contains("stop 6", "stop 9", "start 6", "start 9");
        assertThat(log.all()).allSatisfy(cp -> assertThat(cp.status()).isEqualTo(Checkpoint.Status.DONE));
        assertThat(hosts.values()).allMatch(h -> h.running);
    }

    @Test
    void aStopWaitsUntilTheBrokerIsNoLongerRegisteredSoNoHealthGatePassesOnItsOldRegistration() {
        RestartPayload p = plan(List.of(4));
        hosts.get(4).deregisters = false; // killed, not shut down: still listed until its session times out
        hooks.put("up 4 #3", () -> admin.stop(4));
        var outcome = runner().run(p, log, listener);
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(UpgradeRunner.Outcome.Status.DONE);
        List<String> c;
        synchronized (calls) {
            c = List.copyOf(calls);
        }
        int stop = c.indexOf("stop 4");
        int start = c.indexOf("start 4");
        assertThat(c.subList(stop, start)).as("polls of the registration between the stop and the start")
                .containsExactly("stop 4", "up 4", "up 4", "up 4");
    }

    /** A host whose stop deregisters the broker at once (a controlled shutdown), unless told otherwise. */
    final class FakeHost implements BrokerHost {
        final int id;
        volatile boolean running = true;
        boolean deregisters = true;

        FakeHost(int id) {
            this.id = id;
        }

        public String host() {
            return "node-" + id;
        }

        public BrokerInstall detectInstall() {
            return BrokerInstall.of(host(), "kafka", "symlink", Optional.of("kafka_2.13-3.9.1"), Optional.of("3.9.1"),
                    List.of("3.9.1"), List.of("3.9.1"));
        }

        public BrokerInstall relink(String version) {
            throw new UnsupportedOperationException("a restart relinks nothing");
        }

        public ConfigChange writeConfig(String from, String to, Map<String, String> set, Set<String> remove) {
            throw new UnsupportedOperationException("a restart writes no config");
        }

        public Map<String, String> readConfig(String version) {
            return Map.of();
        }

        public void stopBroker() {
            calls.add("stop " + id);
            running = false;
            if (deregisters) admin.stop(id);
        }

        public void startBroker() {
            calls.add("start " + id);
            running = true;
            admin.start(id);
        }

        public boolean isProcessRunning() {
            return running;
        }

        public BrokerInstall installRelease(String version, URI mirror, String sha512) {
            throw new UnsupportedOperationException();
        }

        public JavaRuntime java() {
            return new JavaRuntime("/usr/bin/java", "17.0.9", 17);
        }

        public void close() {
        }
    }
}
