package dev.kafkachatops.adapter.slack;

import dev.kafkachatops.command.Command;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.ops.OperationService;
import dev.kafkachatops.ops.Reply;

import java.util.Optional;

/**
 * {@code jobs}, {@code history}, and the commands on one operation ({@code show}, {@code cancel}, {@code pause},
 * {@code resume}, {@code run <id> now}): the answer for the person who asked, computed off Bolt's ack (these read
 * and write the store and the scheduler). {@code run <id> now} shows its confirmation button only when the workflow
 * would start the operation for this user; otherwise the answer is the one-line refusal.
 */
final class JobCommands {
    private final OperationService service;
    private final String slash;

    JobCommands(OperationService service, String slash) {
        this.service = service;
        this.slash = slash;
    }

    Answer jobs(BotConfig.Cluster cluster) {
        return new Answer(JobsView.text(service.store(), cluster.name()), JobsView.jobs(service.store(), cluster.name()));
    }

    /** {@code history [page]}: one page of the cluster's audit log, newest first. */
    Answer history(BotConfig.Cluster cluster, int page) {
        return new Answer("History of " + cluster.name(), JobsView.history(service.store(), cluster.name(), page,
                slash));
    }

    Answer on(Command.JobAction job, BotConfig.Cluster cluster, String user) {
        String id = job.jobId();
        Optional<Operation> op = service.store().find(id).filter(o -> o.cluster().equals(cluster.name()));
        if (op.isEmpty()) {
            return Answer.of(":x: No operation `" + id + "` on cluster " + cluster.name() + ". `" + slash
                    + " jobs` lists the open ones.");
        }
        return switch (job.action()) {
            case SHOW -> new Answer("Operation " + id, JobsView.history(service.store(), cluster.name(),
                    Optional.of(id)));
            case CANCEL -> Answer.of(OpTexts.reply(service.cancel(id, user)));
            case PAUSE -> Answer.of(OpTexts.reply(service.pause(id, user)));
            case RESUME -> Answer.of(OpTexts.reply(service.resume(id, user)));
            case RUN_NOW -> runNow(op.get(), user);
        };
    }

    /** The confirmation button only for an approver and an operation that may start now; else one line. */
    private Answer runNow(Operation op, String user) {
        Reply check = service.confirmRunNow(op.id(), user);
        if (check.kind() != Reply.Kind.CONFIRM_RUN_NOW) return Answer.of(OpTexts.reply(check));
        return new Answer(OpTexts.reply(check), JobsView.runNowConfirmation(op, check.at()));
    }
}
