package dev.kafkachatops.e2e;

import dev.kafkachatops.adapter.kafka.KafkaClusters;
import dev.kafkachatops.adapter.store.InMemoryOperationStore;
import dev.kafkachatops.app.Wiring;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.ConfigLoader;
import dev.kafkachatops.config.SlackCredentials;
import dev.kafkachatops.domain.ops.NewOperation;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.ops.ScriptedKind;
import dev.kafkachatops.port.JobScheduler;
import dev.kafkachatops.port.OperationStore;
import dev.kafkachatops.sim.SimMessage;
import dev.kafkachatops.sim.SimOptions;
import dev.kafkachatops.sim.SimResult;
import dev.kafkachatops.sim.SlackSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ack first: with a store that takes {@value #STORE_DELAY_MS} ms per call (a slow database), {@code pause},
 * {@code resume} and {@code cancel} are acknowledged at once over Socket Mode, and their answers follow through the
 * command's response_url once the store has done its work. Before, these ran inside Bolt's ack: several store calls
 * (and a Quartz unschedule and a chat.update) delayed it past Slack's 3 s limit.
 */
class AckFirstTest {
    static final long STORE_DELAY_MS = 1000;
    static SlackSimulator sim;
    static Wiring wiring;
    static KafkaClusters clusters;
    static OperationStore store;
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        sim = SlackSimulator.start(SimOptions.builder().build());
        BotConfig config = new ConfigLoader(Map.of()).parse(Path.of("test.yaml"), """
                slack:
                  apiUrl: %s
                storage:
                  dataDir: %s
                clusters:
                  - name: slow
                    bootstrapServers: 127.0.0.1:1
                    channels: [general]
                    approvals:
                      users: [U0BOB]
                """.formatted(sim.apiUrlPrefix(), data));
        store = slow(new InMemoryOperationStore());
        clusters = new KafkaClusters(config.clusters(), Duration.ofSeconds(1), Clock.systemUTC());
        JobScheduler scheduler = new JobScheduler() {
            @Override
            public void schedule(String operationId, Instant at, boolean breakGlass) {
            }

            @Override
            public void unschedule(String operationId) {
            }
        };
        wiring = new Wiring(config, new SlackCredentials(sim.botToken(), Optional.of(sim.appToken()),
                Optional.empty()), clusters, store, scheduler, Clock.systemUTC());
        wiring.bot().startSocketMode();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (sim.socketConnections() == 0 && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(sim.socketConnections()).as("bot connected over Socket Mode").isPositive();
    }

    @AfterAll
    static void stop() throws Exception {
        if (wiring != null) wiring.close();
        if (clusters != null) clusters.close();
        if (sim != null) sim.close();
    }

    /** Every call of the store waits first, as a database under load would. */
    static OperationStore slow(OperationStore delegate) {
        return (OperationStore) Proxy.newProxyInstance(OperationStore.class.getClassLoader(),
                new Class<?>[] {OperationStore.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) return method.invoke(delegate, args);
                    Thread.sleep(STORE_DELAY_MS);
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void pauseResumeAndCancelAreAcknowledgedBeforeTheStoreAnswers() throws Exception {
        Operation op = store.insert(new NewOperation("slow", OpKind.REBALANCE, "rebalance orders", "U0ALICE",
                "C0GENERAL", ScriptedKind.PLAN, ScriptedKind.HASH, "fp", Instant.now(),
                Instant.now().plusSeconds(3600)));
        store.update(op.id(), o -> Optional.of(o.withState(OpState.APPROVED, null)));
        assertThat(sim.command("alice", "general", "help").acked()).as("warm-up").isTrue();

        long pause = acked("pause " + op.id());
        await(m -> m.ephemeral() && m.text().contains(op.id() + " will not start until resumed"));
        assertThat(store.find(op.id()).orElseThrow().state()).isEqualTo(OpState.PAUSED);

        long resume = acked("resume " + op.id());
        await(m -> m.ephemeral() && m.text().contains(op.id() + " continues"));

        long cancel = acked("cancel " + op.id());
        await(m -> m.ephemeral() && m.text().contains(op.id() + " cancelled."));
        assertThat(store.find(op.id()).orElseThrow().state()).isEqualTo(OpState.CANCELLED);
        System.out.printf("ACK with a %d ms store: pause %d ms, resume %d ms, cancel %d ms%n", STORE_DELAY_MS,
                pause, resume, cancel);
    }

    /** The ack time of one command; it must come before a single store call could have answered. */
    private static long acked(String text) {
        SimResult r = sim.command("alice", "general", text);
        assertThat(r.acked()).as(text + " acknowledged").isTrue();
        assertThat(r.ackPayload() == null || !r.ackPayload().has("text")).as(text + ": the answer is not in the ack")
                .isTrue();
        assertThat(r.ackMillis()).as(text + " acknowledged before the store answered").isLessThan(STORE_DELAY_MS);
        return r.ackMillis();
    }

    private static SimMessage await(Predicate<SimMessage> match) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<SimMessage> m = sim.messages("general").stream().filter(match).findFirst();
            if (m.isPresent()) return m.get();
            Thread.sleep(50);
        }
        throw new AssertionError("no such message in #general; have: " + sim.messages("general"));
    }
}
