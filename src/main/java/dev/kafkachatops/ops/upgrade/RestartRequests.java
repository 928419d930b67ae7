package dev.kafkachatops.ops.upgrade;

import dev.kafkachatops.command.Command;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.ops.OperationKind;
import dev.kafkachatops.ops.PlanSubmission;
import dev.kafkachatops.plan.upgrade.RestartPlan;
import dev.kafkachatops.plan.upgrade.RestartPlanner;
import dev.kafkachatops.plan.upgrade.RestartRefused;
import dev.kafkachatops.port.ClusterReader;
import dev.kafkachatops.port.ReassignmentAdmin;
import dev.kafkachatops.run.upgrade.RestartPayload;
import dev.kafkachatops.run.upgrade.SnapshotGatherer;

import java.util.List;
import java.util.function.Function;

/**
 * {@code restart [brokers=...] [controllers] [reason="..."]}: gather the cluster and its hosts, plan, and submit an
 * approvable plan titled with the command itself (so a plan the cluster outran is planned again from its title). A
 * refusal is one line and stores nothing: an id that is not a broker, a selected node that is down, a node whose
 * host the bot cannot drive, a cluster that cannot be read.
 */
public final class RestartRequests {
    /** What a request came to. */
    public sealed interface Result {
        record Refused(String message) implements Result {
        }

        record Submitted(Operation operation, RestartPlan plan) implements Result {
        }
    }

    /** The longest title an operation keeps (the store's limit). */
    static final int MAX_TITLE = 1000;

    private final Function<String, SnapshotGatherer> gatherers;
    private final RestartPlanner planner;
    private final OperationKind<RestartPayload> kind;
    private final PlanSubmission submission;

    public RestartRequests(Function<String, SnapshotGatherer> gatherers, RestartPlanner planner,
                           OperationKind<RestartPayload> kind, PlanSubmission submission) {
        this.gatherers = gatherers;
        this.planner = planner;
        this.kind = kind;
        this.submission = submission;
    }

    public Result plan(Command.Restart cmd, BotConfig.Cluster cluster, String user, String channel) {
        if (cmd.text().length() > MAX_TITLE) {
            return new Result.Refused("`restart` lists too many brokers to keep as the plan's title ("
                    + cmd.text().length() + " characters, at most " + MAX_TITLE + "): restart them in several plans, "
                    + "or every node with `restart` alone; nothing was changed.");
        }
        SnapshotGatherer.Gathered g;
        try {
            g = gatherers.apply(cluster.name()).gather(cluster.name());
        } catch (ClusterReader.ClusterUnavailableException | ReassignmentAdmin.AdminException e) {
            return new Result.Refused(e.getMessage());
        }
        RestartPlan plan;
        try {
            plan = submission.timed(OpKind.RESTART, () -> planner.plan(g.snapshot(), cmd.brokers(),
                    cmd.controllers(), cmd.reason(), UpgradeRequests.batching(cluster)));
        } catch (RestartRefused e) {
            return new Result.Refused(e.getMessage() + "; nothing was changed.");
        }
        // a problem names its node ("node 3: ..."); one that does not may be any node's, so it counts too
        List<String> hostProblems = g.hostProblems().stream().filter(p -> !p.startsWith("node ") || plan
                .restartOrder().stream().anyMatch(n -> p.startsWith("node " + n + ":") || p.startsWith("node " + n
                        + " "))).toList();
        if (!hostProblems.isEmpty()) {
            return new Result.Refused("the bot cannot drive every host it would restart: "
                    + String.join("; ", hostProblems) + "; nothing was changed.");
        }
        return new Result.Submitted(submission.submit(kind, cluster, cmd.text(), user, channel,
                new RestartPayload(plan, g.roles())), plan);
    }
}
