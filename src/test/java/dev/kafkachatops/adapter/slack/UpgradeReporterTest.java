package dev.kafkachatops.adapter.slack;

import dev.kafkachatops.MutableClock;
import dev.kafkachatops.plan.upgrade.StepKind;
import dev.kafkachatops.plan.upgrade.UpgradeFixtures;
import dev.kafkachatops.plan.upgrade.UpgradePlan;
import dev.kafkachatops.plan.upgrade.UpgradeStep;
import dev.kafkachatops.port.ChatNotifier;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The upgrade's progress reporter: Slack calls off the runner's thread, in order, coalesced, never failing the run. */
class UpgradeReporterTest {
    private final UpgradePlan plan = UpgradePlanViewTest.sandbox();

    /** Records every call; can block (a slow Slack) or throw (a failing one). */
    static final class FakeChat implements ChatNotifier {
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile CountDownLatch gate = new CountDownLatch(0);
        volatile boolean fail;

        private void slow() {
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (fail) throw new IllegalStateException("chat.postMessage failed: ratelimited");
        }

        @Override
        public String post(String channel, Optional<String> threadTs, String text, String blocksJson) {
            slow();
            calls.add((threadTs.isPresent() ? "thread " : "post ") + text);
            return "ts-" + calls.size();
        }

        @Override
        public void update(String channel, String ts, String text, String blocksJson) {
            slow();
            calls.add("update " + ts + " " + text);
        }

        @Override
        public void ephemeral(String channel, String user, String text) {
        }

        @Override
        public void upload(String channel, Optional<String> threadTs, String filename, String title, String content) {
        }

        @Override
        public void uploadBytes(String channel, Optional<String> threadTs, String filename, String title,
                                byte[] content) {
        }
    }

    private UpgradeReporter reporter(FakeChat chat) {
        return new UpgradeReporter(chat, "C1", "100.1", "U7", plan, Set.of(), Clock.systemUTC());
    }

    private List<UpgradeStep> nodeSteps(int node) {
        return plan.steps().stream().filter(s -> s.node().equals(Optional.of(node))).toList();
    }

    @Test
    void aSlowSlackDoesNotHoldTheRunnerAndEverythingGoesOutInOrderByClose() {
        FakeChat chat = new FakeChat();
        chat.gate = new CountDownLatch(1); // Slack answers nothing until released
        UpgradeReporter r = reporter(chat);
        for (UpgradeStep s : nodeSteps(1)) {
            r.stepStarted(s);
            r.stepDone(s, Duration.ofMillis(5));
        }
        assertThat(chat.calls).as("the runner's thread got through the node's steps without Slack").isEmpty();
        chat.gate.countDown();
        r.close();
        // the checklist was posted once and then edited; the node's thread entry went out; the edits were coalesced
        assertThat(chat.calls.get(0)).startsWith("post :arrow_double_up: U7: upgrade sandbox");
        assertThat(chat.calls).anyMatch(c -> c.startsWith("thread :white_check_mark: Node 1 runs 4.1.1: stopped, "
                + "switched, restarted and healthy in "));
        // the post may already carry the last state (when Slack answered only after every step): then no edit
        List<String> shown = chat.calls.stream().filter(c -> c.startsWith("update ts-1 ")
                || c.startsWith("post :arrow_double_up:")).toList();
        assertThat(shown.size() - 1L).as("edits, coalesced").isLessThan(2L * nodeSteps(1).size() - 1);
        assertThat(shown.get(shown.size() - 1)).as("the last state is the one shown")
                .contains(nodeSteps(1).size() + " of " + plan.steps().size() + " steps");
    }

    /**
     * A node restarts once per phase and once per hop (ZooKeeper: pins phase, then the phase that removes them):
     * each thread entry gives the time of that restart only, not the time since the node's first restart.
     */
    @Test
    void eachRestartOfANodeIsTimedOnItsOwn() {
        UpgradePlan zk = dev.kafkachatops.plan.upgrade.UpgradeFixtures.planner().plan(
                dev.kafkachatops.plan.upgrade.UpgradeFixtures.zookeeper(3, "2.8.2", 2, "3.9.1").build(), "3.9.1");
        java.time.Instant[] now = {java.time.Instant.parse("2026-12-01T02:00:00Z")};
        Clock clock = new Clock() {
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public java.time.Instant instant() {
                return now[0];
            }
        };
        FakeChat chat = new FakeChat();
        UpgradeReporter r = new UpgradeReporter(chat, "C1", "100.1", "U8", zk, Set.of(), clock);
        for (UpgradeStep s : zk.steps()) {
            r.stepStarted(s);
            now[0] = now[0].plusSeconds(s.kind() == StepKind.START ? 12 : 1);
            r.stepDone(s, Duration.ofSeconds(1));
        }
        r.close();
        List<String> entries = chat.calls.stream().filter(c -> c.startsWith("thread :white_check_mark: Node ")).toList();
        // what each restart took on the clock above: its steps' seconds (phase 2 has no relink: one second less)
        java.util.Map<String, Long> expected = new java.util.LinkedHashMap<>();
        for (UpgradeStep s : zk.steps()) {
            if (s.node().isEmpty()) continue;
            expected.merge(s.key().substring(0, s.key().lastIndexOf('/')), s.kind() == StepKind.START ? 12L : 1L,
                    Long::sum);
        }
        assertThat(expected).hasSize(6); // 3 brokers, 2 phases
        assertThat(expected.values()).contains(17L, 18L);
        assertThat(entries).hasSize(6);
        int i = 0;
        for (var e : expected.entrySet()) {
            String node = e.getKey().substring(e.getKey().lastIndexOf('-') + 1);
            assertThat(entries.get(i++)).contains(e.getKey().contains("phase1") ? "Node " + node + " runs 3.9.1: "
                    + "stopped, switched, restarted" : "Node " + node + " restarted with its new configuration")
                    .contains("healthy in " + e.getValue() + ".0 s");
        }
    }

    /** A run continued after a pause (or a restart of the bot) edits the checklist it posted before. */
    @Test
    void aContinuedRunEditsItsChecklistAndAPauseIsShownThere() {
        FakeChat chat = new FakeChat();
        List<String> remembered = new CopyOnWriteArrayList<>();
        UpgradeReporter first = new UpgradeReporter(chat, "C1", "100.1", "U7", plan, Set.of(), Clock.systemUTC(),
                Optional.empty(), remembered::add);
        UpgradeStep gate = nodeSteps(1).get(0);
        first.stepStarted(gate);
        awaitCalls(chat, 1); // the checklist is posted (later states may be coalesced into fewer edits)
        first.stepDone(gate, Duration.ofMillis(5));
        first.stopped("paused");
        first.close();
        assertThat(remembered).containsExactly("ts-1");
        assertThat(chat.calls.get(0)).startsWith("post :arrow_double_up: U7");
        assertThat(chat.calls.get(chat.calls.size() - 1)).startsWith("update ts-1 ").endsWith(" · paused");

        chat.calls.clear();
        UpgradeReporter again = new UpgradeReporter(chat, "C1", "100.1", "U7", plan, Set.of(gate.key()),
                Clock.systemUTC(), Optional.of("ts-1"), remembered::add);
        UpgradeStep stop = nodeSteps(1).get(1);
        again.stepStarted(stop);
        again.stepDone(stop, Duration.ofMillis(5));
        again.close();
        assertThat(chat.calls).isNotEmpty().allMatch(c -> c.startsWith("update ts-1 "));
        assertThat(remembered).containsExactly("ts-1");
        assertThat(chat.calls.get(chat.calls.size() - 1)).contains("2 of " + plan.steps().size() + " steps")
                .doesNotContain("paused");
    }

    /**
     * The bot restarted between a node's stop and its start (issue 14): the resumed run starts at that node's start,
     * and its thread entry is timed from there and says so, not "healthy in 0.0 s".
     */
    @Test
    void aNodeResumedAfterItsStopIsTimedFromWhereTheRunResumed() {
        FakeChat chat = new FakeChat();
        MutableClock clock = new MutableClock(java.time.Instant.parse("2026-12-01T02:00:00Z"));
        List<UpgradeStep> node1 = nodeSteps(1);
        Set<String> before = node1.stream().filter(s -> s.kind() == StepKind.SAFETY_GATE || s.kind() == StepKind.STOP
                || s.kind() == StepKind.RELINK || s.kind() == StepKind.WRITE_CONFIG).map(UpgradeStep::key)
                .collect(java.util.stream.Collectors.toSet());
        UpgradeReporter r = new UpgradeReporter(chat, "C1", "100.1", "U9", plan, before, clock);
        for (UpgradeStep s : node1) {
            if (before.contains(s.key())) continue;
            r.stepStarted(s);
            clock.advance(Duration.ofSeconds(s.kind() == StepKind.START ? 2 : 3));
            r.stepDone(s, Duration.ofSeconds(1));
        }
        r.close();
        assertThat(chat.calls.stream().filter(c -> c.startsWith("thread :white_check_mark: Node 1 "))).singleElement()
                .asString().contains("healthy in 8.0 s after the run resumed");
    }

    private static void awaitCalls(FakeChat chat, int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (chat.calls.size() < n && System.nanoTime() < deadline) Thread.onSpinWait();
        assertThat(chat.calls).hasSizeGreaterThanOrEqualTo(n);
    }

    @Test
    void aFailingSlackDoesNotBreakTheRun() {
        FakeChat chat = new FakeChat();
        chat.fail = true;
        UpgradeReporter r = reporter(chat);
        UpgradeStep finalize = plan.steps().stream().filter(s -> s.kind() == StepKind.FINALIZE_METADATA).findFirst()
                .orElseThrow();
        r.stepStarted(finalize);
        r.waiting(finalize, "metadata.version not yet at level 27");
        r.stepDone(finalize, Duration.ofMillis(300));
        r.close();
        assertThat(chat.calls).isEmpty();
        chat.fail = false;
        UpgradeReporter again = reporter(chat);
        again.stepDone(finalize, Duration.ofMillis(300));
        again.close();
        assertThat(chat.calls).anyMatch(c -> c.startsWith("thread :white_check_mark: raise metadata.version"));
    }

    /** 3 controllers and 300 brokers: the checklist keeps its "Now" line within Slack's 3,000 characters. */
    @Test
    void aRollOfThreeHundredNodesFitsItsSectionAndKeepsItsNowLine() {
        UpgradePlan big = UpgradeFixtures.planner().plan(UpgradeFixtures.split(3, 300, "3.9.1", 1, 21, "4.1.1")
                .topic("orders", 3, 2, false).build(), "4.1.1");
        FakeChat chat = new FakeChat();
        UpgradeReporter r = new UpgradeReporter(chat, "C1", "100.1", "U9", big, Set.of(), Clock.systemUTC());
        List<UpgradeStep> nodeSteps = big.steps().stream().filter(st -> st.node().isPresent()).toList();
        for (UpgradeStep st : nodeSteps.subList(0, 40)) r.stepDone(st, Duration.ofMillis(1));
        r.stepStarted(nodeSteps.get(40));
        String text = r.checklist(nodeSteps.get(40).text() + "…");
        r.close();
        assertThat(text.length()).isLessThanOrEqualTo(3000);
        assertThat(text).contains("_Now:_ " + nodeSteps.get(40).text()).contains("of 300 nodes done")
                .contains("waiting");
    }
}
