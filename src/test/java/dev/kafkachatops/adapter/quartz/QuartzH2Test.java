package dev.kafkachatops.adapter.quartz;

import dev.kafkachatops.adapter.store.jdbc.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.listeners.JobListenerSupport;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class QuartzH2Test {
    private static final Duration IDLE = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private Database open() {
        return Database.open(Database.defaultH2Url(dir), Optional.empty(), Optional.empty());
    }

    private static Scheduler scheduler(Database db, FiredJobs fired) throws Exception {
        Scheduler s = QuartzFactory.create(db.dataSource(), QuartzFactory.Settings.defaults("h2-bot")
                .withInstanceId("only").withIdleWaitTime(IDLE));
        QuartzFactory.provide(s, FiredJobs.class, fired);
        return s;
    }

    static JobDetail job(String name) {
        return JobBuilder.newJob(CountingJob.class).withIdentity(name, "test").usingJobData("operation", name)
                .build();
    }

    static Trigger at(String name, long epochMillis) {
        return TriggerBuilder.newTrigger().withIdentity(name, "test").startAt(new Date(epochMillis)).build();
    }

    @Test
    void aJobScheduledOneSecondAheadFiresOnceFromTheDatabase() throws Exception {
        var fired = new FiredJobs();
        try (Database db = open()) {
            Scheduler s = scheduler(db, fired);
            try {
                s.start();
                long due = System.currentTimeMillis() + 1000;
                s.scheduleJob(job("R1"), at("R1", due));
                assertThat(rows(db, "QRTZ_TRIGGERS")).as("the trigger is in the JDBC store").isEqualTo(1);

                assertThat(fired.await(1, Duration.ofSeconds(10))).isTrue();
                Thread.sleep(1500);
                assertThat(fired.all()).singleElement().satisfies(f -> {
                    assertThat(f.job()).isEqualTo("test.R1");
                    assertThat(f.scheduledAt()).isEqualTo(due);
                    assertThat(f.firedAt()).isGreaterThanOrEqualTo(due);
                });
                assertThat(s.getMetaData().getJobStoreClass().getSimpleName()).isEqualTo("JobStoreTX");
                assertThat(s.getMetaData().isJobStoreClustered()).isFalse();
                assertThat(rows(db, "QRTZ_TRIGGERS")).as("a one-shot trigger is gone once fired").isZero();
            } finally {
                s.shutdown(true);
            }
        }
    }

    @Test
    void aTriggerStoredBeforeAShutdownFiresAfterTheRestart() throws Exception {
        var fired = new FiredJobs();
        try (Database db = open()) {
            Scheduler s = scheduler(db, fired);
            s.scheduleJob(job("E2"), at("E2", System.currentTimeMillis() + 2000));
            s.shutdown(true);
        }
        assertThat(fired.all()).isEmpty();
        try (Database db = open()) {
            Scheduler s = scheduler(db, fired);
            try {
                s.start();
                assertThat(fired.await(1, Duration.ofSeconds(10))).isTrue();
                assertThat(fired.all()).extracting(FiredJobs.Firing::job).containsExactly("test.E2");
                // Quartz removes a non-durable job once its trigger has completed, just after the job returns
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (s.getJobDetail(new JobKey("E2", "test")) != null && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(s.getJobDetail(new JobKey("E2", "test"))).as("a non-durable job is removed").isNull();
            } finally {
                s.shutdown(true);
            }
        }
    }

    @Test
    void aJobWithoutItsCollaboratorFailsWithAMessageThatSaysSo() throws Exception {
        var failure = new CompletableFuture<JobExecutionException>();
        try (Database db = open()) {
            Scheduler s = QuartzFactory.create(db.dataSource(), QuartzFactory.Settings.defaults("bare")
                    .withIdleWaitTime(IDLE));
            try {
                s.getListenerManager().addJobListener(new JobListenerSupport() {
                    @Override
                    public String getName() {
                        return "capture";
                    }

                    @Override
                    public void jobWasExecuted(JobExecutionContext context, JobExecutionException e) {
                        failure.complete(e);
                    }
                });
                s.start();
                s.scheduleJob(job("U3"), at("U3", System.currentTimeMillis()));
                assertThat(failure.get(10, TimeUnit.SECONDS)).isNotNull()
                        .hasMessageContaining(FiredJobs.class.getName())
                        .hasMessageContaining("QuartzFactory.provide");
            } finally {
                s.shutdown(true);
            }
        }
    }

    @Test
    void aBreakGlassStartDoesNotTurnTheWindowStartAlreadyScheduledIntoABreakGlassOne() throws Exception {
        try (Database db = open()) {
            Scheduler s = scheduler(db, new FiredJobs());
            try {
                var jobs = new QuartzJobScheduler(s);
                java.time.Instant window = java.time.Instant.now().plus(Duration.ofHours(1));
                java.time.Instant now = java.time.Instant.now().plus(Duration.ofHours(2)); // not started: no firing
                jobs.schedule("U9", window, false);
                jobs.schedule("U9", now, true);

                JobKey key = JobKey.jobKey("U9", QuartzJobScheduler.GROUP);
                assertThat(s.getJobDetail(key).getJobDataMap().containsKey(QuartzJobScheduler.BREAK_GLASS_KEY))
                        .isFalse();
                var triggers = s.getTriggersOfJob(key);
                assertThat(triggers).hasSize(2);
                for (Trigger t : triggers) {
                    boolean breakGlass = t.getStartTime().toInstant().equals(now.truncatedTo(
                            java.time.temporal.ChronoUnit.MILLIS));
                    assertThat(t.getJobDataMap().getString(QuartzJobScheduler.BREAK_GLASS_KEY))
                            .as(t.getKey().toString()).isEqualTo(Boolean.toString(breakGlass));
                }
            } finally {
                s.shutdown(true);
            }
        }
    }

    private static int rows(Database db, String table) throws Exception {
        try (Connection c = db.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
