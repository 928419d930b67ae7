package dev.kafkachatops.e2e;

import dev.kafkachatops.adapter.store.InMemoryOperationStore;
import dev.kafkachatops.domain.ops.NewOperation;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.ops.ScriptedKind;
import dev.kafkachatops.port.JobScheduler;
import dev.kafkachatops.port.OperationStore;
import dev.kafkachatops.sim.SimResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ack first: with a store that takes {@value #STORE_DELAY_MS} ms per call (a slow database), {@code pause},
 * {@code resume} and {@code cancel} are acknowledged at once over Socket Mode, and their answers follow through the
 * command's response_url once the store has done its work. Before, these ran inside Bolt's ack: several store calls
 * (and a Quartz unschedule and a chat.update) delayed it past Slack's 3 s limit.
 */
class AckFirstTest {
    static final long STORE_DELAY_MS = 1000;
    static ChatBotHarness chat;
    static OperationStore store;
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        store = slow(new InMemoryOperationStore());
        JobScheduler scheduler = new JobScheduler() {
            @Override
            public void schedule(String operationId, Instant at, boolean breakGlass) {
            }

            @Override
            public void unschedule(String operationId) {
            }
        };
        chat = ChatBotHarness.with(BotYaml.dataDir(data)
                        .cluster(BotYaml.Cluster.named("slow", "127.0.0.1:1").approvers("U0BOB")))
                .launcher(ChatBot.wired(store, scheduler)).patience(Duration.ofSeconds(30)).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (chat != null) chat.close();
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
        assertThat(chat.command("alice", "help").acked()).as("warm-up").isTrue();

        long pause = acked("pause " + op.id());
        chat.await(m -> m.ephemeral() && m.text().contains(op.id() + " will not start until resumed"));
        assertThat(store.find(op.id()).orElseThrow().state()).isEqualTo(OpState.PAUSED);

        long resume = acked("resume " + op.id());
        chat.await(m -> m.ephemeral() && m.text().contains(op.id() + " continues"));

        long cancel = acked("cancel " + op.id());
        chat.await(m -> m.ephemeral() && m.text().contains(op.id() + " cancelled."));
        assertThat(store.find(op.id()).orElseThrow().state()).isEqualTo(OpState.CANCELLED);
        System.out.printf("ACK with a %d ms store: pause %d ms, resume %d ms, cancel %d ms%n", STORE_DELAY_MS,
                pause, resume, cancel);
    }

    /** The ack time of one command; it must come before a single store call could have answered. */
    private static long acked(String text) {
        SimResult r = chat.command("alice", text);
        assertThat(r.acked()).as(text + " acknowledged").isTrue();
        assertThat(r.ackPayload() == null || !r.ackPayload().has("text")).as(text + ": the answer is not in the ack")
                .isTrue();
        assertThat(r.ackMillis()).as(text + " acknowledged before the store answered").isLessThan(STORE_DELAY_MS);
        return r.ackMillis();
    }
}
