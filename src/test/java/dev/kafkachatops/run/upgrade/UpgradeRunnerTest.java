package dev.kafkachatops.run.upgrade;

import dev.kafkachatops.ops.PlanCodec;
import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.plan.upgrade.NodeRole;
import dev.kafkachatops.plan.upgrade.StepKind;
import dev.kafkachatops.plan.upgrade.UpgradeFixtures;
import dev.kafkachatops.plan.upgrade.UpgradePlan;
import dev.kafkachatops.plan.upgrade.UpgradeStep;
import dev.kafkachatops.domain.JavaRuntime;
import dev.kafkachatops.port.BrokerHost;
import dev.kafkachatops.port.BrokerInstall;
import dev.kafkachatops.port.ConfigChange;
import dev.kafkachatops.port.HostException;
import dev.kafkachatops.run.MemoryRunControl;
import dev.kafkachatops.run.RunControl;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The upgrade runner over fake hosts and a fake cluster: exact call order, gates, halting, resuming, pausing. */
class UpgradeRunnerTest {
    final List<String> calls = new ArrayList<>();
    final Map<Integer, FakeHost> hosts = new HashMap<>();
    /** Three combined nodes, 2 the active controller, and a topic on all three that a single stop keeps at min ISR. */
    final FakeUpgradeAdmin admin = new FakeUpgradeAdmin(calls, Set.of(1, 2, 3), Set.of(1, 2, 3))
            .feature(FakeUpgradeAdmin.METADATA_VERSION, 21, 27);

    {
        admin.leadership(2);
        admin.createTopic("orders", List.of(List.of(1, 2, 3), List.of(2, 3, 1), List.of(3, 1, 2)), 2, false);
    }
    final MemoryRunControl log = new MemoryRunControl("U1", Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    final AtomicBoolean pause = new AtomicBoolean();
    final Instant[] now = {Instant.parse("2026-11-25T02:00:00Z")};
    final Clock clock = new Clock() {
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(ZoneId z) {
            return this;
        }

        public Instant instant() {
            return now[0];
        }
    };

    UpgradePayload kraft() {
        UpgradePlan plan = UpgradeFixtures.planner().plan(UpgradeFixtures.combined(3, "3.9.1", 2, 21, "3.9.1", "4.1.1")
                .build(), "4.1.1");
        for (int i = 1; i <= 3; i++) hosts.put(i, new FakeHost(i, "3.9.1"));
        return new UpgradePayload(plan, Map.of(1, NodeRole.COMBINED, 2, NodeRole.COMBINED, 3, NodeRole.COMBINED),
                Map.of(1, "3.9.1", 2, "3.9.1", 3, "3.9.1"));
    }

    UpgradeRunner runner() {
        return new UpgradeRunner(admin, hosts::get, clock, d -> now[0] = now[0].plus(d),
                new UpgradeRunner.Options(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMillis(250)));
    }

    RunControl control() {
        return control(() -> false, pause::get);
    }

    RunControl control(BooleanSupplier cancelled, BooleanSupplier paused) {
        return new RunControl() {
            public boolean cancelRequested() {
                return cancelled.getAsBoolean();
            }

            public boolean pauseRequested() {
                return paused.getAsBoolean();
            }

            public Optional<Instant> deadline() {
                return Optional.empty();
            }

            public Steps steps() {
                return log;
            }
        };
    }

    @Test
    void rollsControllersOneAtATimeTheActiveLastThenFinalizes() {
        var outcome = runner().run(kraft(), control(), new UpgradeRunner.Listener() {
        });
        assertThat(outcome.status()).isEqualTo(UpgradeRunner.Outcome.Status.DONE);
        assertThat(calls).containsExactly(
                "gate-minisr 1", "stop 1", "relink 1 4.1.1", "config 1 3.9.1->4.1.1", "start 1", "up 1", "elect 1",
                "gate-minisr 3", "stop 3", "relink 3 4.1.1", "config 3 3.9.1->4.1.1", "start 3", "up 3", "elect 3",
                "gate-minisr 2", "stop 2", "relink 2 4.1.1", "config 2 3.9.1->4.1.1", "start 2", "up 2", "elect 2",
                "finalize metadata.version 27");
        assertThat(log.all()).allSatisfy(c -> assertThat(c.status()).isEqualTo(Checkpoint.Status.DONE));
    }

    @Test
    void theCurrentActiveControllerIsRestartedLastInItsPhaseEvenWhenLeadershipMoved() {
        admin.leadership(3); // planned order 1, 3, 2 (2 was active when planned); leadership has moved to 3
        var outcome = runner().run(kraft(), control(), new UpgradeRunner.Listener() {
        });
        assertThat(outcome.status()).isEqualTo(UpgradeRunner.Outcome.Status.DONE);
        assertThat(calls.stream().filter(c -> c.startsWith("stop ")).toList())
                .containsExactly("stop 1", "stop 2", "stop 3");
    }

    @Test
    void theSafetyGateWaitsUntilNoPartitionWouldFallBelowMinIsr() {
        var outcome = runner().run(kraft(), control(), new UpgradeRunner.Listener() {
            @Override
            public void stepDone(UpgradeStep step, Duration took) {
                // a slow follower drops out of the ISR of orders-0 (on 1, 2, 3) for the next three reads
                if (step.kind() == StepKind.PREFLIGHT) admin.dropFromIsr(new TopicPartitionRef("orders", 0), 2, 3);
            }
        });
        assertThat(outcome.status()).isEqualTo(UpgradeRunner.Outcome.Status.DONE);
        assertThat(calls.subList(0, 4)).containsExactly("gate-minisr 1", "gate-minisr 1", "gate-minisr 1",
                "gate-minisr 1");
    }

    @Test
    void aNodeThatDoesNotComeBackHaltsWithStateKeptAndARetryResumesThere() {
        UpgradePayload p = kraft();
        hosts.get(3).startFails = true; // the second node in the order
        var halted = runner().run(p, control(), new UpgradeRunner.Listener() {
        });
        assertThat(halted.status()).isEqualTo(UpgradeRunner.Outcome.Status.HALTED);
        assertThat(halted.haltedAt().orElseThrow().key()).endsWith("/combined-3/health-gate");
        assertThat(calls).doesNotContain("stop 2").doesNotContain("finalize metadata.version 27");
        int before = calls.size();
        hosts.get(3).startFails = false;
        var resumed = runner().run(p, control(), new UpgradeRunner.Listener() {
        });
        assertThat(resumed.status()).isEqualTo(UpgradeRunner.Outcome.Status.DONE);
        List<String> after = calls.subList(before, calls.size());
        assertThat(after).doesNotContain("stop 1", "relink 1 4.1.1", "stop 3"); // no completed step repeated
        // the failed gate is repeated (starting the dead process again first), nothing before it
        assertThat(after.subList(0, 2)).containsExactly("start 3", "up 3");
    }

    @Test
    void rollbackPutsTheNodeBackOnItsOldVersion() throws Exception {
        kraft();
        runner().rollback(3, "3.9.1", NodeRole.COMBINED, new UpgradeRunner.Listener() {
        });
        assertThat(calls).containsExactly("stop 3", "relink 3 3.9.1", "start 3", "up 3", "elect 3");
    }

    @Test
    void pausesOnlyBetweenNodes() {
        UpgradePayload p = kraft();
        // the window ends while node 1 restarts
        var outcome = runner().run(p, control(() -> false, () -> calls.contains("start 1")),
                new UpgradeRunner.Listener() {
                });
        assertThat(outcome.status()).isEqualTo(UpgradeRunner.Outcome.Status.PAUSED);
        assertThat(calls).endsWith("up 1", "elect 1"); // node 1 finished before the pause
        assertThat(calls).doesNotContain("stop 3");
    }

    @Test
    void aReleaseNotInstalledIsInstalledFromTheMirrorFirst() {
        UpgradePlan plan = UpgradeFixtures.planner().plan(UpgradeFixtures.combined(3, "3.9.1", 2, 21, "3.9.1")
                .installSource("https://archive.apache.org/dist/kafka").build(), "4.1.1");
        for (int i = 1; i <= 3; i++) {
            hosts.put(i, new FakeHost(i, "3.9.1"));
            hosts.get(i).installed.remove("4.1.1");
        }
        var p = new UpgradePayload(plan, Map.of(1, NodeRole.COMBINED, 2, NodeRole.COMBINED, 3, NodeRole.COMBINED),
                Map.of(1, "3.9.1", 2, "3.9.1", 3, "3.9.1"));
        var runner = new UpgradeRunner(admin, hosts::get, clock, d -> now[0] = now[0].plus(d),
                new UpgradeRunner.Options(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMillis(250)),
                (host, version) -> {
                    calls.add("install " + host.host() + " " + version);
                    ((FakeHost) host).installed.add(version);
                });
        assertThat(runner.run(p, control(), new UpgradeRunner.Listener() {
        }).status()).isEqualTo(UpgradeRunner.Outcome.Status.DONE);
        assertThat(calls).contains("install node-1 4.1.1", "install node-2 4.1.1", "install node-3 4.1.1");
        assertThat(calls.indexOf("install node-1 4.1.1")).isLessThan(calls.indexOf("stop 1"));
    }

    @Test
    void withoutAMirrorAMissingReleaseHaltsBeforeAnyNodeStops() {
        UpgradePlan plan = UpgradeFixtures.planner().plan(UpgradeFixtures.combined(3, "3.9.1", 2, 21, "3.9.1")
                .installSource("https://archive.apache.org/dist/kafka").build(), "4.1.1");
        for (int i = 1; i <= 3; i++) {
            hosts.put(i, new FakeHost(i, "3.9.1"));
            hosts.get(i).installed.remove("4.1.1");
        }
        var p = new UpgradePayload(plan, Map.of(1, NodeRole.COMBINED, 2, NodeRole.COMBINED, 3, NodeRole.COMBINED),
                Map.of(1, "3.9.1", 2, "3.9.1", 3, "3.9.1"));
        var outcome = runner().run(p, control(), new UpgradeRunner.Listener() {
        });
        assertThat(outcome.status()).isEqualTo(UpgradeRunner.Outcome.Status.HALTED);
        assertThat(outcome.message()).contains("no install mirror is configured");
        assertThat(calls).noneMatch(c -> c.startsWith("stop"));
    }

    @Test
    void aSafetyGateThatNeverPassesHaltsAfterItsTimeoutReportingWhyItWaits() {
        List<String> waiting = new ArrayList<>();
        var outcome = runner().run(kraft(), control(), new UpgradeRunner.Listener() {
            @Override
            public void stepDone(UpgradeStep step, Duration took) {
                // after the preflight, follower 2 of orders-1 (on 2, 3, 1) drops out of its ISR for good: stopping 1
                // would leave one in-sync replica
                if (step.kind() == StepKind.PREFLIGHT) {
                    admin.dropFromIsr(new TopicPartitionRef("orders", 1), 2, Integer.MAX_VALUE);
                }
            }

            @Override
            public void waiting(UpgradeStep step, String why) {
                waiting.add(step.kind() + ": " + why);
            }
        });
        assertThat(outcome.status()).isEqualTo(UpgradeRunner.Outcome.Status.HALTED);
        assertThat(outcome.haltedAt().orElseThrow().key()).endsWith("/combined-1/safety-gate");
        assertThat(outcome.message()).endsWith("still not healthy after 30 s: 1 partition would fall below "
                + "min.insync.replicas (e.g. orders-1)");
        // told at once, then every 15 s until the 30 s timeout
        assertThat(waiting).hasSize(2).allMatch(w -> w.startsWith("SAFETY_GATE: 1 partition would fall below"));
        assertThat(calls).noneMatch(c -> c.startsWith("stop"));
        assertThat(log.get(outcome.haltedAt().get().key()).orElseThrow().status())
                .isEqualTo(Checkpoint.Status.FAILED);
    }

    @Test
    void aControllerStopsOnlyOnceTheOtherVotersAreCaughtUp() {
        admin.lagVoter(3, 2); // with 1 stopped, only the leader (2) would be caught up: no majority of 3
        var outcome = runner().run(kraft(), control(), new UpgradeRunner.Listener() {
        });
        assertThat(outcome.status()).isEqualTo(UpgradeRunner.Outcome.Status.DONE);
        assertThat(calls.subList(0, 6)).containsExactly("quorum-risk 1", "gate-minisr 1", "quorum-risk 1",
                "gate-minisr 1", "gate-minisr 1", "stop 1");
    }

    @Test
    void aClusterNotHealthyBeforeTheRollHaltsAtThePreflight() {
        UpgradePayload p = kraft();
        admin.stop(2); // under-replicated partitions while node 2 is away
        var outcome = runner().run(p, control(), new UpgradeRunner.Listener() {
        });
        assertThat(outcome.status()).isEqualTo(UpgradeRunner.Outcome.Status.HALTED);
        assertThat(outcome.haltedAt().orElseThrow().kind()).isEqualTo(StepKind.PREFLIGHT);
        assertThat(outcome.message()).endsWith("3 under-replicated and 0 offline partitions");
        assertThat(calls).isEmpty();
    }

    @Test
    void aNodeWhoseProcessDiedHaltsWithoutWaitingOutTheHealthTimeout() {
        UpgradePayload p = kraft();
        hosts.get(1).startFails = true;
        Instant[] gateStarted = {null};
        var outcome = runner().run(p, control(), new UpgradeRunner.Listener() {
            @Override
            public void stepStarted(UpgradeStep step) {
                if (step.kind() == StepKind.HEALTH_GATE) gateStarted[0] = now[0];
            }
        });
        assertThat(outcome.status()).isEqualTo(UpgradeRunner.Outcome.Status.HALTED);
        assertThat(outcome.message()).endsWith("the process of node 1 is not running (it exited after its start; "
                + "its log on node-1 says why)");
        Duration waited = Duration.between(gateStarted[0], now[0]);
        assertThat(waited).isGreaterThanOrEqualTo(Gates.PROCESS_GONE).isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void aClusterThatAnswersWithAnErrorIsAskedAgain() {
        var outcome = runner().run(kraft(), control(), new UpgradeRunner.Listener() {
            @Override
            public void stepStarted(UpgradeStep step) {
                // the Admin client times out twice while node 1 restarts
                if (step.kind() == StepKind.HEALTH_GATE && step.node().orElseThrow() == 1) admin.failReads(2);
            }
        });
        assertThat(outcome.status()).isEqualTo(UpgradeRunner.Outcome.Status.DONE);
        assertThat(calls.subList(0, 7)).containsExactly("gate-minisr 1", "stop 1", "relink 1 4.1.1",
                "config 1 3.9.1->4.1.1", "start 1", "up 1", "elect 1");
        assertThat(admin.readsLeftToFail()).isZero(); // both errors were answered, and the gate asked again
    }

    @Test
    void cancelsOnlyBetweenNodes() {
        UpgradePayload p = kraft();
        // cancelled while node 1 restarts
        var outcome = runner().run(p, control(() -> calls.contains("stop 1"), () -> false),
                new UpgradeRunner.Listener() {
                });
        assertThat(outcome.status()).isEqualTo(UpgradeRunner.Outcome.Status.CANCELLED);
        assertThat(outcome.message()).startsWith("Cancelled before ");
        assertThat(calls).endsWith("up 1", "elect 1").doesNotContain("stop 3");
    }

    @Test
    void theStoredPlanSurvivesItsJsonRoundTrip() {
        UpgradePayload p = kraft();
        String json = PlanCodec.write(p);
        UpgradePayload back = PlanCodec.read(json, UpgradePayload.class);
        assertThat(back).isEqualTo(p);
        assertThat(PlanCodec.write(back)).isEqualTo(json);
    }

    final class FakeHost implements BrokerHost {
        final int id;
        String linked;
        boolean running = true;
        boolean startFails;
        final List<String> installed = new ArrayList<>(List.of("3.9.1", "4.1.1"));

        FakeHost(int id, String version) {
            this.id = id;
            this.linked = version;
        }

        public String host() {
            return "node-" + id;
        }

        public BrokerInstall detectInstall() {
            return BrokerInstall.of(host(), "kafka", "symlink", Optional.of("kafka_2.13-" + linked),
                    Optional.of(linked), List.of(linked), List.copyOf(installed));
        }

        public BrokerInstall relink(String version) {
            calls.add("relink " + id + " " + version);
            linked = version;
            return detectInstall();
        }

        public ConfigChange writeConfig(String from, String to, Map<String, String> set, Set<String> remove) {
            calls.add("config " + id + " " + from + "->" + to);
            return null;
        }

        public Map<String, String> readConfig(String version) {
            return Map.of();
        }

        public void stopBroker() {
            calls.add("stop " + id);
            running = false;
            admin.stop(id);
        }

        public void startBroker() throws HostException {
            calls.add("start " + id);
            if (startFails) return; // the process dies at once
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
