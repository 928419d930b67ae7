package dev.kafkachatops.adapter.quartz;

import dev.kafkachatops.adapter.store.jdbc.Database;
import dev.kafkachatops.adapter.store.jdbc.PostgresSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quartz.JobBuilder;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import static dev.kafkachatops.adapter.quartz.QuartzH2Test.at;
import static dev.kafkachatops.adapter.quartz.QuartzH2Test.job;
import static org.assertj.core.api.Assertions.assertThat;

/** Two bots (two pools, two scheduler instances of one cluster) on one PostgreSQL schema. */
class QuartzPostgresClusterTest {
    private static final Logger LOG = LoggerFactory.getLogger(QuartzPostgresClusterTest.class);
    private static PostgresSchema schema;
    private static Database dbA;
    private static Database dbB;
    private final List<Scheduler> started = new ArrayList<>();
    private final String name = "cluster-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void open() {
        schema = PostgresSchema.create();
        dbA = Database.open(schema.url(), schema.user(), Optional.empty());
        dbB = Database.open(schema.url(), schema.user(), Optional.empty());
    }

    @AfterAll
    static void close() throws Exception {
        if (dbB != null) dbB.close();
        if (dbA != null) dbA.close();
        if (schema != null) schema.close();
    }

    /**
     * Releasing the job left running on a shut-down member makes Quartz log one expected ERROR ("JobStore is
     * shutdown - aborting retry"): that member can no longer record the job's completion.
     */
    @AfterEach
    void shutdown() throws SchedulerException {
        BlockingJob.RELEASE.countDown();
        for (Scheduler s : started) {
            if (!s.isShutdown()) s.shutdown(true);
        }
    }

    private Scheduler member(Database db, String instanceId, FiredJobs fired) throws SchedulerException {
        Scheduler s = QuartzFactory.create(db.dataSource(), QuartzFactory.Settings.defaults(name)
                .withInstanceId(instanceId).withIdleWaitTime(Duration.ofSeconds(1)));
        QuartzFactory.provide(s, FiredJobs.class, fired);
        s.start();
        started.add(s);
        return s;
    }

    @Test
    void everyTriggerFiresExactlyOnceAcrossTheCluster() throws Exception {
        var fired = new FiredJobs();
        Scheduler a = member(dbA, "node-a", fired);
        Scheduler b = member(dbB, "node-b", fired);
        assertThat(a.getMetaData().isJobStoreClustered()).isTrue();
        long due = System.currentTimeMillis() + 2000;
        int jobs = 20;
        for (int i = 0; i < jobs; i++) {
            (i % 2 == 0 ? a : b).scheduleJob(job("R" + i), at("R" + i, due + i * 20L));
        }

        assertThat(fired.await(jobs, Duration.ofSeconds(15))).as("all %d jobs fired", jobs).isTrue();
        Thread.sleep(2000); // a second firing, if any, would come now
        assertThat(fired.countsByJob()).hasSize(jobs).allSatisfy((job, count) -> assertThat(count).isEqualTo(1));
        var perInstance = fired.countsByInstance();
        LOG.info("cluster {}: firings per instance {}", name, perInstance);
        if (perInstance.size() < 2) LOG.warn("only one instance took part this time: {}", perInstance);
    }

    @Test
    void aTriggerOfAStoppedMemberFiresOnTheOther() throws Exception {
        var fired = new FiredJobs();
        Scheduler a = member(dbA, "node-a", fired);
        member(dbB, "node-b", fired);
        a.scheduleJob(job("E1"), at("E1", System.currentTimeMillis() + 3000));
        a.shutdown(false);

        assertThat(fired.await(1, Duration.ofSeconds(15))).isTrue();
        Thread.sleep(1000);
        assertThat(fired.all()).singleElement().satisfies(f -> {
            assertThat(f.job()).isEqualTo("test.E1");
            assertThat(f.instanceId()).isEqualTo("node-b");
        });
    }

    @Test
    void aJobRunningOnAMemberThatDiesIsRecoveredByTheOther() throws Exception {
        BlockingJob.RELEASE = new CountDownLatch(1);
        var fired = new FiredJobs();
        Scheduler a = member(dbA, "node-a", fired);
        a.scheduleJob(JobBuilder.newJob(BlockingJob.class).withIdentity("U1", "test").requestRecovery().build(),
                at("U1", System.currentTimeMillis()));
        assertThat(fired.await(1, Duration.ofSeconds(10))).isTrue();
        member(dbB, "node-b", fired);
        a.standby(); // node-a stops checking in while its job still runs
        stopCheckingIn(a);

        assertThat(fired.await(2, Duration.ofSeconds(18))).as("recovered on node-b").isTrue();
        assertThat(fired.all()).extracting(FiredJobs.Firing::instanceId, FiredJobs.Firing::recovering)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("node-a", false),
                        org.assertj.core.groups.Tuple.tuple("node-b", true));
    }

    /** Shuts the member down without waiting for its running job: it no longer checks in, like a dead JVM. */
    private static void stopCheckingIn(Scheduler s) throws SchedulerException {
        s.shutdown(false);
    }
}
