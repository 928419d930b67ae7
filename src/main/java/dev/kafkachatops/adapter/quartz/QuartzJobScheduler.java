package dev.kafkachatops.adapter.quartz;

import dev.kafkachatops.port.JobScheduler;
import dev.kafkachatops.port.OperationTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

import java.time.Instant;
import java.util.Date;
import java.util.Set;

/**
 * Operation timers as Quartz jobs on the JDBC job store: one job per operation (key = operation id, group
 * {@value #GROUP}), replaced when rescheduled. Jobs request recovery: if the bot dies while a run executes inside
 * the job, Quartz fires it again at the next start (or on another node of a cluster) with {@code recovering} set,
 * and the run resumes from its checkpoints.
 * <p>Misfire policy: a start missed while the bot was down fires as soon as the bot is back
 * ({@code MISFIRE_INSTRUCTION_FIRE_NOW}); {@link OperationTrigger#fire} then starts only if the window is still
 * open, else moves the operation to the next window start. Nothing starts outside a window except a break-glass
 * run-now.
 */
public final class QuartzJobScheduler implements JobScheduler {
    public static final String GROUP = "operations";
    static final String SERVICE_KEY = "operationService";
    static final String OP_KEY = "operation";
    static final String BREAK_GLASS_KEY = "breakGlass";

    private final Scheduler scheduler;

    public QuartzJobScheduler(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Makes the service reachable from jobs (Quartz creates job instances itself); call before starting. */
    public void bind(OperationTrigger service) throws SchedulerException {
        scheduler.getContext().put(SERVICE_KEY, service);
    }

    @Override
    public void schedule(String operationId, Instant at, boolean breakGlass) {
        JobDetail job = JobBuilder.newJob(OperationJob.class).withIdentity(operationId, GROUP)
                .usingJobData(OP_KEY, operationId).requestRecovery(true).build();
        // break-glass belongs to this trigger only: a window start already scheduled for the job stays a normal
        // start (the job's data would be shared by every trigger of the job)
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(operationId + "@" + at.toEpochMilli(), GROUP)
                .forJob(job).startAt(Date.from(at)).usingJobData(BREAK_GLASS_KEY, Boolean.toString(breakGlass))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        try {
            scheduler.scheduleJob(job, Set.of(trigger), true);
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not schedule " + operationId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void unschedule(String operationId) {
        try {
            scheduler.deleteJob(JobKey.jobKey(operationId, GROUP));
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not unschedule " + operationId + ": " + e.getMessage(), e);
        }
    }
}
