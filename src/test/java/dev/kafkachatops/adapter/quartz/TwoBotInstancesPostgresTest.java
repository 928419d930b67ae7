package dev.kafkachatops.adapter.quartz;

import dev.kafkachatops.adapter.store.jdbc.Database;
import dev.kafkachatops.adapter.store.jdbc.JdbcOperationStore;
import dev.kafkachatops.adapter.store.jdbc.PostgresSchema;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.ops.NewOperation;
import dev.kafkachatops.domain.ops.OpEvent;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.PlanStatus;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.port.OperationChat;
import dev.kafkachatops.ops.OperationKinds;
import dev.kafkachatops.ops.RunResult;
import dev.kafkachatops.ops.ScriptedKind;
import dev.kafkachatops.ops.OperationService;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two bot instances on one PostgreSQL database (a Quartz cluster): an approved operation is executed by exactly
 * one of them, also when both are asked to start it at the same moment.
 */
class TwoBotInstancesPostgresTest {
    static final BotConfig.Cluster CLUSTER = new BotConfig.Cluster("prod", "k:9092", Map.of(), List.of("*"),
            new BotConfig.Approvals(List.of("U0BOB"), List.of(), 1, false, "white_check_mark", "x",
                    Duration.ofHours(24)),
            List.of(new BotConfig.Window("* * * * * ?", Duration.ofHours(1), "UTC")), List.of(), Map.of());

    @Test
    void eachRunExecutesOnExactlyOneInstance() throws Exception {
        try (PostgresSchema schema = PostgresSchema.create();
             Database a = Database.open(schema.url(), schema.user(), Optional.empty());
             Database b = Database.open(schema.url(), schema.user(), Optional.empty())) {
            Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
            Map<String, String> ranOn = new ConcurrentHashMap<>();
            CountDownLatch finished = new CountDownLatch(4);
            Scheduler qa = QuartzFactory.create(a.dataSource(), QuartzFactory.Settings.defaults("bots")
                    .withInstanceId("bot-a").withIdleWaitTime(Duration.ofSeconds(1)));
            Scheduler qb = QuartzFactory.create(b.dataSource(), QuartzFactory.Settings.defaults("bots")
                    .withInstanceId("bot-b").withIdleWaitTime(Duration.ofSeconds(1)));
            try {
                OperationService sa = service(a, qa, "bot-a", runs, ranOn, finished);
                OperationService sb = service(b, qb, "bot-b", runs, ranOn, finished);
                qa.start();
                qb.start();
                // four plans approved through instance A; their timers fire somewhere in the cluster
                for (int i = 0; i < 4; i++) {
                    Operation op = sa.submit(new NewOperation("prod", OpKind.REBALANCE, "rebalance t" + i, "U0ALICE",
                            "C1", ScriptedKind.PLAN, ScriptedKind.HASH, "f", Instant.now(), Instant.now().plusSeconds(3600)));
                    sa.onReaction("C1", op.messageTs().orElseThrow(), "U0BOB", "white_check_mark", true);
                }
                assertThat(finished.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                Thread.sleep(1500); // a duplicate execution would show up now
                assertThat(runs).hasSize(4).allSatisfy((id, n) -> assertThat(n.get()).as(id).isEqualTo(1));
                System.out.println("runs executed on: " + ranOn);
                var store = new JdbcOperationStore(a);
                assertThat(store.list(Optional.of("prod"), java.util.EnumSet.of(OpState.DONE))).hasSize(4);

                // both instances asked to start the same approved operation at the same moment: one runs it
                Operation race = sa.submit(new NewOperation("prod", OpKind.REBALANCE, "rebalance race", "U0ALICE",
                        "C1", ScriptedKind.PLAN, ScriptedKind.HASH, "f", Instant.now(), Instant.now().plusSeconds(3600)));
                store.update(race.id(), o -> Optional.of(o.withState(OpState.APPROVED, null)));
                var go = new CountDownLatch(1);
                var t1 = new Thread(() -> awaitThen(go, () -> sa.fire(race.id(), true, false)));
                var t2 = new Thread(() -> awaitThen(go, () -> sb.fire(race.id(), true, false)));
                t1.start();
                t2.start();
                go.countDown();
                t1.join();
                t2.join();
                assertThat(runs.get(race.id()).get()).isEqualTo(1);
            } finally {
                qa.shutdown(true);
                qb.shutdown(true);
            }
        }
    }

    private static void awaitThen(CountDownLatch go, Runnable r) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        r.run();
    }

    private static OperationService service(Database db, Scheduler quartz, String name, Map<String, AtomicInteger> runs,
                                            Map<String, String> ranOn, CountDownLatch finished) throws Exception {
        var handler = new ScriptedKind(OpKind.REBALANCE, List::of, (op, control) -> {
            runs.computeIfAbsent(op.id(), k -> new AtomicInteger()).incrementAndGet();
            ranOn.put(op.id(), name);
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished.countDown();
            return new RunResult(RunResult.Status.DONE, "ok");
        });
        OperationChat chat = new OperationChat() {
            @Override
            public String postPlan(Operation op, PlanStatus status) {
                return "ts-" + op.id();
            }

            @Override
            public void refresh(Operation op, PlanStatus status) {
            }

            @Override
            public void notify(Operation op, OpEvent event) {
            }

            @Override
            public void ephemeral(String channel, String user, String text) {
            }
        };
        var jobs = new QuartzJobScheduler(quartz);
        var service = new OperationService(new JdbcOperationStore(db), jobs, chat,
                (c, u) -> CLUSTER.approvals().users().contains(u), n -> Optional.of(CLUSTER),
                n -> CronWindowCalendar.of(CLUSTER), new OperationKinds().register(handler), Clock.systemUTC());
        jobs.bind(service);
        return service;
    }
}
