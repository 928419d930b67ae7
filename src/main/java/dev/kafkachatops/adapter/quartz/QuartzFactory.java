package dev.kafkachatops.adapter.quartz;

import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.quartz.SchedulerConfigException;
import org.quartz.SchedulerException;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds Quartz schedulers on the JDBC job store ({@code JobStoreTX}, tables {@code QRTZ_*}) over the bot's own
 * {@link DataSource}, whose schema (Quartz's tables included) the store adapter has already migrated.
 *
 * <ul>
 *   <li>The database decides the driver delegate and clustering: PostgreSQL gets {@code PostgreSQLDelegate} and
 *       {@code isClustered=true} (every bot on the database is a cluster member; a trigger fires on exactly one,
 *       and the triggers of a member that stops checking in are recovered by the others after about
 *       {@code clusterCheckinInterval + 7.5 s}); H2 gets {@code StdJDBCDelegate} and no clustering (one bot per
 *       file).</li>
 *   <li>{@code misfireThreshold}: a trigger whose fire time passed less than this ago (the bot was busy or
 *       restarting) simply fires late; one that passed longer ago has misfired and its misfire instruction
 *       decides (fire now, or skip to the next fire time).</li>
 *   <li>{@code idleWaitTime}: how long an idle scheduler sleeps before looking for due triggers; triggers stored
 *       by this instance wake it at once, triggers stored by another cluster member are seen within this
 *       time.</li>
 *   <li>Job data is stored as properties ({@code useProperties=true}): a job's {@code JobDataMap} holds strings
 *       only (e.g. the operation id), never serialized objects. Jobs are instantiated by class, so they get their
 *       collaborators from the scheduler context: {@link #provide} before start, {@link #collaborator} in
 *       {@code execute}.</li>
 *   <li>The scheduler is not left in Quartz's JVM-wide {@link SchedulerRepository}, so several schedulers with
 *       the same name (cluster members) may live in one JVM.</li>
 * </ul>
 */
public final class QuartzFactory {
    private static final AtomicInteger PROVIDERS = new AtomicInteger();
    private static final Object CREATE_LOCK = new Object();

    private QuartzFactory() {
    }

    /**
     * @param instanceId empty for {@code AUTO} (host name and start time); must differ between cluster members
     */
    public record Settings(String schedulerName, Optional<String> instanceId, int threadCount,
                           Duration misfireThreshold, Duration clusterCheckinInterval, Duration idleWaitTime) {
        public Settings {
            Objects.requireNonNull(schedulerName, "schedulerName");
            Objects.requireNonNull(instanceId, "instanceId");
            if (threadCount < 1) throw new IllegalArgumentException("threadCount must be at least 1");
            if (idleWaitTime.toMillis() < 1000) throw new IllegalArgumentException("idleWaitTime must be >= 1 s");
        }

        /** 3 threads, misfire threshold 60 s, cluster check-in every 2 s, idle wait 5 s, instance id AUTO. */
        public static Settings defaults(String schedulerName) {
            return new Settings(schedulerName, Optional.empty(), 3, Duration.ofSeconds(60), Duration.ofSeconds(2),
                    Duration.ofSeconds(5));
        }

        public Settings withInstanceId(String id) {
            return new Settings(schedulerName, Optional.of(id), threadCount, misfireThreshold,
                    clusterCheckinInterval, idleWaitTime);
        }

        public Settings withIdleWaitTime(Duration wait) {
            return new Settings(schedulerName, instanceId, threadCount, misfireThreshold, clusterCheckinInterval,
                    wait);
        }
    }

    /** A scheduler in standby on {@code dataSource}; call {@code start()} once its collaborators are provided. */
    public static Scheduler create(DataSource dataSource, Settings settings) throws SchedulerException {
        String product = databaseProduct(dataSource);
        boolean postgres = product.equalsIgnoreCase("PostgreSQL");
        if (!postgres && !product.equalsIgnoreCase("H2")) {
            throw new SchedulerConfigException("Quartz: unsupported database " + product + " (H2 or PostgreSQL)");
        }
        String providerName = "kafka-chatops-" + PROVIDERS.incrementAndGet();
        DBConnectionManager.getInstance().addConnectionProvider(providerName, new PoolProvider(dataSource));
        Properties props = properties(settings, providerName, postgres);
        synchronized (CREATE_LOCK) {
            Scheduler scheduler = new StdSchedulerFactory(props).getScheduler();
            SchedulerRepository.getInstance().remove(settings.schedulerName());
            return scheduler;
        }
    }

    static Properties properties(Settings s, String providerName, boolean clustered) {
        var p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", s.schedulerName());
        p.setProperty("org.quartz.scheduler.instanceId", s.instanceId().orElse("AUTO"));
        p.setProperty("org.quartz.scheduler.idleWaitTime", Long.toString(s.idleWaitTime().toMillis()));
        p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(s.threadCount()));
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", clustered
                ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", providerName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(s.misfireThreshold().toMillis()));
        p.setProperty("org.quartz.jobStore.isClustered", Boolean.toString(clustered));
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval",
                Long.toString(s.clusterCheckinInterval().toMillis()));
        return p;
    }

    /** Puts a collaborator for jobs into the scheduler's context, keyed by its type. */
    public static <T> void provide(Scheduler scheduler, Class<T> type, T collaborator) throws SchedulerException {
        scheduler.getContext().put(type.getName(), Objects.requireNonNull(collaborator));
    }

    /** The collaborator of {@code type} that was {@link #provide provided} to the scheduler running this job. */
    public static <T> T collaborator(JobExecutionContext context, Class<T> type) throws JobExecutionException {
        Object found;
        try {
            found = context.getScheduler().getContext().get(type.getName());
        } catch (SchedulerException e) {
            throw new JobExecutionException("cannot read the scheduler context: " + e.getMessage(), e);
        }
        if (!type.isInstance(found)) {
            throw new JobExecutionException("no " + type.getName() + " in the context of scheduler "
                    + schedulerName(context) + ": provide it with QuartzFactory.provide before start()");
        }
        return type.cast(found);
    }

    private static String schedulerName(JobExecutionContext context) {
        try {
            return context.getScheduler().getSchedulerName();
        } catch (SchedulerException e) {
            return "?";
        }
    }

    private static String databaseProduct(DataSource dataSource) throws SchedulerConfigException {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new SchedulerConfigException("Quartz: cannot reach the database: " + e.getMessage(), e);
        }
    }

    /** Hands out connections of the bot's pool; shutting the scheduler down lets go of the pool, never closes it. */
    private static final class PoolProvider implements ConnectionProvider {
        private volatile DataSource dataSource;

        PoolProvider(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        @Override
        public Connection getConnection() throws SQLException {
            DataSource ds = dataSource;
            if (ds == null) throw new SQLException("this Quartz scheduler has been shut down");
            return ds.getConnection();
        }

        @Override
        public void shutdown() {
            dataSource = null;
        }

        @Override
        public void initialize() {
        }
    }
}
