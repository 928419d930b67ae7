package dev.kafkachatops.adapter.metrics;

import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The meters' names and values in the Prometheus text the bot serves. */
class BotMetersTest {
    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private final BotMeters meters = new BotMeters();

    @AfterEach
    void close() {
        meters.close();
    }

    static Operation op(String id, OpKind kind, OpState state) {
        return new Operation(id, "prod", kind, "t", "U0ALICE", "C1", Optional.empty(), "{}", "h", "f", state, T0,
                T0.plus(Duration.ofHours(24)), Optional.empty(), Optional.empty(), Optional.empty(), 0);
    }

    @Test
    void operationsAreCountedByKindAndStateAtEachScrapeWithZerosForTheRest() {
        List<Operation> ops = new ArrayList<>(List.of(op("R1", OpKind.REBALANCE, OpState.DONE),
                op("R2", OpKind.REBALANCE, OpState.DONE), op("U3", OpKind.UPGRADE, OpState.RUNNING)));
        meters.countOperationsFrom(() -> ops);
        String text = meters.scrape();
        assertThat(value(text, "kafka_chatops_operations{kind=\"rebalance\",state=\"done\"}")).isEqualTo(2.0);
        assertThat(value(text, "kafka_chatops_operations{kind=\"upgrade\",state=\"running\"}")).isEqualTo(1.0);
        assertThat(value(text, "kafka_chatops_operations{kind=\"restart\",state=\"halted\"}")).isEqualTo(0.0);
        assertThat(text.lines().filter(l -> l.startsWith("kafka_chatops_operations{")).count())
                .isEqualTo((long) OpKind.values().length * OpState.values().length);

        ops.set(2, op("U3", OpKind.UPGRADE, OpState.DONE));
        text = meters.scrape();
        assertThat(value(text, "kafka_chatops_operations{kind=\"upgrade\",state=\"running\"}")).isEqualTo(0.0);
        assertThat(value(text, "kafka_chatops_operations{kind=\"upgrade\",state=\"done\"}")).isEqualTo(1.0);
    }

    @Test
    void aStoreThatFailsKeepsTheLastCountsAndTheScrapeAnswers() {
        boolean[] down = {false};
        meters.countOperationsFrom(() -> {
            if (down[0]) throw new IllegalStateException("database away");
            return List.of(op("R1", OpKind.REBALANCE, OpState.RUNNING));
        });
        meters.scrape();
        down[0] = true;
        assertThat(value(meters.scrape(), "kafka_chatops_operations{kind=\"rebalance\",state=\"running\"}"))
                .isEqualTo(1.0);
    }

    @Test
    void stepsGatesPlannerSlackAndAdminErrors() {
        meters.step(OpKind.UPGRADE, "stop", false, Duration.ofSeconds(3));
        meters.step(OpKind.UPGRADE, "health_gate", true, Duration.ofSeconds(2));
        meters.step(OpKind.UPGRADE, "health_gate", true, Duration.ofSeconds(4));
        meters.planned(OpKind.EXPAND, Duration.ofMillis(250));
        meters.slackCall("chat.postMessage", "ok");
        meters.slackCall("chat.postMessage", "rate_limited");
        meters.slackCall("chat.update", "error");
        meters.adminError("prod", "TimeoutException");
        String text = meters.scrape();
        assertThat(value(text, "kafka_chatops_step_duration_seconds_count{kind=\"upgrade\",step=\"stop\"}")).isEqualTo(1);
        assertThat(value(text, "kafka_chatops_step_duration_seconds_sum{kind=\"upgrade\",step=\"health_gate\"}"))
                .isEqualTo(6.0);
        assertThat(value(text, "kafka_chatops_gate_duration_seconds_count{gate=\"health_gate\",kind=\"upgrade\"}"))
                .isEqualTo(2);
        assertThat(value(text, "kafka_chatops_gate_duration_seconds_max{gate=\"health_gate\",kind=\"upgrade\"}"))
                .isEqualTo(4.0);
        assertThat(text).doesNotContain("kafka_chatops_gate_duration_seconds_count{gate=\"stop\"");
        assertThat(value(text, "kafka_chatops_planner_duration_seconds_sum{kind=\"expand\"}")).isEqualTo(0.25);
        assertThat(value(text, "kafka_chatops_slack_calls_total{method=\"chat.postMessage\",outcome=\"rate_limited\"}"))
                .isEqualTo(1.0);
        assertThat(value(text, "kafka_chatops_slack_calls_total{method=\"chat.update\",outcome=\"error\"}")).isEqualTo(1);
        assertThat(value(text, "kafka_chatops_admin_errors_total{cluster=\"prod\",error=\"TimeoutException\"}"))
                .isEqualTo(1.0);
    }

    @Test
    void reassignedBytesAddUpAndTheRateFollowsTheRun() {
        meters.reassigned(OpKind.REBALANCE, 1000, 500.0);
        meters.reassigned(OpKind.REBALANCE, 2000, 800.4);
        String text = meters.scrape();
        assertThat(value(text, "kafka_chatops_reassignment_bytes_total{kind=\"rebalance\"}")).isEqualTo(3000.0);
        assertThat(value(text, "kafka_chatops_reassignment_bytes_per_second")).isEqualTo(800.0);
        meters.reassignmentStopped();
        assertThat(value(meters.scrape(), "kafka_chatops_reassignment_bytes_per_second")).isEqualTo(0.0);
    }

    @Test
    void jvmMetersAreThere() {
        assertThat(meters.scrape()).contains("jvm_memory_used_bytes{area=\"heap\"").contains("jvm_threads_live_threads")
                .contains("jvm_classes_loaded_classes").contains("process_cpu_usage").contains("system_cpu_count")
                .contains("process_uptime_seconds").contains("jvm_gc_memory_allocated_bytes_total");
    }

    static double value(String metrics, String name) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        assertThat(m.find()).as(name + " in\n" + metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
