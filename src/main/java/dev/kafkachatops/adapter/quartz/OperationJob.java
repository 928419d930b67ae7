package dev.kafkachatops.adapter.quartz;

import dev.kafkachatops.port.OperationTrigger;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The Quartz job of one operation: hands the firing to {@link OperationTrigger#fire} on this thread. */
public final class OperationJob implements Job {
    private static final Logger log = LoggerFactory.getLogger(OperationJob.class);

    @Override
    public void execute(JobExecutionContext ctx) throws JobExecutionException {
        String id = ctx.getMergedJobDataMap().getString(QuartzJobScheduler.OP_KEY);
        boolean breakGlass = Boolean.parseBoolean(ctx.getMergedJobDataMap().getString(QuartzJobScheduler.BREAK_GLASS_KEY));
        OperationTrigger service;
        try {
            service = (OperationTrigger) ctx.getScheduler().getContext().get(QuartzJobScheduler.SERVICE_KEY);
        } catch (SchedulerException e) {
            throw new JobExecutionException(e);
        }
        if (service == null) throw new JobExecutionException("no operation service bound to the scheduler");
        try (var o = MDC.putCloseable("operation", id)) {
            fire(service, id, breakGlass, ctx.isRecovering());
        }
    }

    private static void fire(OperationTrigger service, String id, boolean breakGlass, boolean recovering) {
        log.info("operation {} fired{}{}", id, breakGlass ? " (break-glass)" : "",
                recovering ? " (recovering after a restart)" : "");
        try {
            service.fire(id, breakGlass, recovering);
        } catch (RuntimeException e) {
            log.error("operation {} failed in its job", id, e);
        }
    }
}
