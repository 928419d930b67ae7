package dev.kafkachatops.adapter.quartz;

import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

import java.util.concurrent.CountDownLatch;

/**
 * Records its firing, then, on a first (non-recovering) run, blocks until {@link #RELEASE} opens: a job that is
 * still running when its scheduler goes away.
 */
public class BlockingJob extends CountingJob {
    static volatile CountDownLatch RELEASE = new CountDownLatch(0);

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        super.execute(context);
        if (context.isRecovering()) return;
        try {
            RELEASE.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
