package dev.kafkachatops.adapter.quartz;

import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/** Records its firing in the {@link FiredJobs} of its scheduler's context. */
public class CountingJob implements Job {
    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        FiredJobs fired = QuartzFactory.collaborator(context, FiredJobs.class);
        try {
            fired.record(new FiredJobs.Firing(context.getJobDetail().getKey().toString(),
                    context.getScheduler().getSchedulerInstanceId(), context.isRecovering(),
                    context.getScheduledFireTime().getTime(), context.getFireTime().getTime()));
        } catch (SchedulerException e) {
            throw new JobExecutionException(e);
        }
    }
}
