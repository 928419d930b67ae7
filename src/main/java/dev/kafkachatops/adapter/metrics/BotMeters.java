package dev.kafkachatops.adapter.metrics;

import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The bot's meters in one Prometheus registry: what the bot does (operations by kind and state, step and gate
 * durations, bytes reassigned, planning time), what it asks of others (Slack API calls, Kafka Admin API errors) and
 * the JVM. Every recording method swallows its own failures: a meter never changes what an operation does.
 * Names in Prometheus form: {@code kafka_chatops_operations}, {@code kafka_chatops_step_duration_seconds},
 * {@code kafka_chatops_gate_duration_seconds}, {@code kafka_chatops_reassignment_bytes_total},
 * {@code kafka_chatops_reassignment_bytes_per_second}, {@code kafka_chatops_planner_duration_seconds},
 * {@code kafka_chatops_slack_calls_total}, {@code kafka_chatops_admin_errors_total}, {@code jvm_*},
 * {@code process_*}, {@code system_*}.
 */
public final class BotMeters implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BotMeters.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final MultiGauge operations;
    private final AtomicLong rate = new AtomicLong();
    private volatile Supplier<List<Operation>> operationSource = List::of;

    public BotMeters() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        operations = MultiGauge.builder("kafka.chatops.operations")
                .description("Operations in the bot's store by kind and state").register(registry);
        Gauge.builder("kafka.chatops.reassignment.bytes.per.second", rate, AtomicLong::get)
                .description("The copy rate of the reassignment running now (0 when none runs)").register(registry);
        // the operations gauge has every kind and state from the start, so dashboards show zeros, not gaps
        refreshOperations(List.of());
    }

    /** Where the operations gauge reads from at each scrape (the operation store). */
    public void countOperationsFrom(Supplier<List<Operation>> source) {
        this.operationSource = source;
    }

    /** The Prometheus text exposition, operations counted first. */
    public String scrape() {
        try {
            refreshOperations(operationSource.get());
        } catch (RuntimeException e) {
            log.debug("operations gauge not refreshed: {}", e.toString()); // keeps the last counts
        }
        return registry.scrape();
    }

    public String contentType() {
        return "text/plain; version=0.0.4; charset=utf-8";
    }

    private void refreshOperations(List<Operation> ops) {
        Map<OpKind, Map<OpState, Integer>> counts = new EnumMap<>(OpKind.class);
        for (OpKind k : OpKind.values()) {
            Map<OpState, Integer> byState = new EnumMap<>(OpState.class);
            for (OpState s : OpState.values()) byState.put(s, 0);
            counts.put(k, byState);
        }
        ops.forEach(o -> counts.get(o.kind()).merge(o.state(), 1, Integer::sum));
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        counts.forEach((k, byState) -> byState.forEach((s, n) ->
                rows.add(MultiGauge.Row.of(Tags.of("kind", lower(k), "state", lower(s)), n))));
        operations.register(rows, true);
    }

    /** One step of a roll took {@code took}; gates ({@code step} a gate) also go to the gate timer. */
    public void step(OpKind kind, String step, boolean gate, Duration took) {
        quietly(() -> {
            Timer.builder("kafka.chatops.step.duration").description("Time per step of a run (a node's stop, "
                    + "start, gate...; a batch of moves)").tags("kind", lower(kind), "step", step)
                    .register(registry).record(took);
            if (gate) {
                Timer.builder("kafka.chatops.gate.duration").description("Time a health or safety gate took to pass")
                        .tags("kind", lower(kind), "gate", step).register(registry).record(took);
            }
        });
    }

    /** Bytes copied by a reassignment since its last report, and its current rate. */
    public void reassigned(OpKind kind, long bytes, double bytesPerSecond) {
        quietly(() -> {
            if (bytes > 0) {
                Counter.builder("kafka.chatops.reassignment.bytes").baseUnit("bytes")
                        .description("Bytes copied by partition reassignments").tags("kind", lower(kind))
                        .register(registry).increment(bytes);
            }
            rate.set(Math.round(Math.max(0, bytesPerSecond)));
        });
    }

    /** A reassignment run ended (its rate is no longer current). */
    public void reassignmentStopped() {
        rate.set(0);
    }

    /** A planner computed a plan of {@code kind} in {@code took}. */
    public void planned(OpKind kind, Duration took) {
        quietly(() -> Timer.builder("kafka.chatops.planner.duration").description("Time the planner took for a plan")
                .tags("kind", lower(kind)).register(registry).record(took));
    }

    /** One Slack Web API call answered: {@code outcome} is ok, error or rate_limited. */
    public void slackCall(String method, String outcome) {
        quietly(() -> Counter.builder("kafka.chatops.slack.calls").description("Slack Web API calls by method and "
                + "outcome (ok, error, rate_limited)").tags("method", method, "outcome", outcome)
                .register(registry).increment());
    }

    /** A Kafka Admin API call failed ({@code error}: the exception's simple class name). */
    public void adminError(String cluster, String error) {
        quietly(() -> Counter.builder("kafka.chatops.admin.errors").description("Kafka Admin API calls that failed")
                .tags("cluster", cluster, "error", error).register(registry).increment());
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.debug("metric not recorded: {}", e.toString());
        }
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
