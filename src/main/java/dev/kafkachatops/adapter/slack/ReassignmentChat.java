package dev.kafkachatops.adapter.slack;

import com.slack.api.methods.MethodsClient;
import dev.kafkachatops.command.Command;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.plan.reassign.AssignmentSource;
import dev.kafkachatops.plan.reassign.ClusterAssignment;
import dev.kafkachatops.plan.reassign.ExpandPlanner;
import dev.kafkachatops.plan.reassign.PartitionReplicas;
import dev.kafkachatops.plan.reassign.PlanningException;
import dev.kafkachatops.plan.reassign.ReassignmentJson;
import dev.kafkachatops.plan.reassign.ReassignmentPlan;
import dev.kafkachatops.plan.reassign.RebalancePlanner;
import dev.kafkachatops.plan.reassign.Target;
import dev.kafkachatops.port.ChatNotifier;
import dev.kafkachatops.port.ReassignmentAdmin;
import dev.kafkachatops.port.RetentionAdmin;
import dev.kafkachatops.port.RetentionLedger;
import dev.kafkachatops.port.ThrottleLedger;
import dev.kafkachatops.run.reassign.ReassignmentRunner;
import dev.kafkachatops.run.reassign.RetentionShrinker;
import dev.kafkachatops.run.reassign.RunOutcome;
import dev.kafkachatops.view.Format;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code /kafka rebalance} in chat: plan from the live cluster, post the plan with {@code move.json} and the
 * rollback file in its thread, run it when an approver confirms (until approval by reaction and scheduling
 * land, confirmation is the "Run now" button), stream progress, and cancel on {@code /kafka cancel <id>}.
 * Plans and runs live in memory for now: a bot restart forgets unconfirmed plans (nothing runs unconfirmed).
 */
public final class ReassignmentChat {
    private static final Logger log = LoggerFactory.getLogger(ReassignmentChat.class);

    /** A plan waiting for confirmation: one topic, or a queue of topics ({@code expand}, {@code --all}). */
    record Pending(String id, BotConfig.Cluster cluster, String channel, String requester, List<ReassignmentPlan> plans,
                   Optional<String> queueTitle, String ts, Instant created, Optional<RetentionShrinker.Plan> shrink) {
        String headline() {
            return queueTitle.map(t -> "Plan " + id + ": " + t).orElseGet(() -> PlanView.title(id, plans.get(0)));
        }

        List<com.slack.api.model.block.LayoutBlock> render(Optional<String> state, boolean buttons) {
            return queueTitle.isPresent()
                    ? QueueView.render(id, queueTitle.get(), cluster.name(), plans, requester, state, buttons)
                    : PlanView.render(id, cluster.name(), plans.get(0), requester, state, buttons,
                    shrink.map(x -> shrinkText(x, plans.get(0))));
        }
    }

    private final Function<String, AssignmentSource> sources;
    private final Function<String, ReassignmentAdmin> admins;
    private final ThrottleLedger ledger;
    private final Function<String, ? extends RetentionAdmin> retentionAdmins;
    private final RetentionShrinker shrinker;
    private final ChatNotifier chat;
    private final Approvers approvers;
    private final ExecutorService executor;
    private final Clock clock;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    /** Runs in progress by plan id: the cluster they run on and their cancel flag. */
    private record Running(String cluster, AtomicBoolean cancel) {
    }

    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    public ReassignmentChat(Function<String, AssignmentSource> sources, Function<String, ReassignmentAdmin> admins,
                            ThrottleLedger ledger, ChatNotifier chat, Approvers approvers, ExecutorService executor,
                            Clock clock) {
        this(sources, admins, ledger, name -> {
            throw new IllegalStateException("shrink-retention is not wired");
        }, null, RetentionShrinker.Options.defaults(), chat, approvers, executor, clock);
    }

    /**
     * With {@code shrink-retention=}: {@code retentionAdmins} reads and changes topics' {@code retention.ms},
     * {@code retentionLedger} makes the restore survive a crash (swept at start by {@code RetentionSweeper}).
     */
    public ReassignmentChat(Function<String, AssignmentSource> sources, Function<String, ReassignmentAdmin> admins,
                            ThrottleLedger ledger, Function<String, ? extends RetentionAdmin> retentionAdmins,
                            RetentionLedger retentionLedger, RetentionShrinker.Options retentionWait,
                            ChatNotifier chat, Approvers approvers, ExecutorService executor, Clock clock) {
        this.sources = sources;
        this.admins = admins;
        this.ledger = ledger;
        this.retentionAdmins = retentionAdmins;
        this.shrinker = retentionLedger == null ? null : new RetentionShrinker(retentionLedger, clock,
                d -> Thread.sleep(d.toMillis()), retentionWait);
        this.chat = chat;
        this.approvers = approvers;
        this.executor = executor;
        this.clock = clock;
    }

    /** Plans and posts; problems go to {@code error} as one line. Runs on the caller's (worker) thread. */
    public void plan(Command.Rebalance cmd, BotConfig.Cluster cluster, String user, String channel,
                     Consumer<String> error) {
        if (cmd.shrinkRetention().isPresent() && (cmd.all() || shrinker == null)) {
            error.accept(cmd.all() ? "`shrink-retention=` works on one topic at a time, not with `--all`; nothing "
                    + "was changed." : "`shrink-retention=` is not available in this setup; nothing was changed.");
            return;
        }
        Target target = !cmd.brokers().isEmpty() ? Target.brokers(cmd.brokers()) : Target.allAlive();
        if (!cmd.exclude().isEmpty()) target = target.excluding(cmd.exclude());
        OptionalLong throttle = cmd.throttleBytesPerSec().map(OptionalLong::of).orElse(OptionalLong.empty());
        try {
            if (cmd.all()) {
                ClusterAssignment snapshot = sources.apply(cluster.name()).read(null);
                List<ReassignmentPlan> plans = ExpandPlanner.plan(snapshot, target, throttle);
                post(cluster, user, channel, plans, Optional.of("rebalance every topic onto brokers "
                        + target.describe()), Optional.empty());
            } else {
                String topic = cmd.topic().orElseThrow();
                ClusterAssignment snapshot = sources.apply(cluster.name()).read(topic);
                ReassignmentPlan plan = RebalancePlanner.plan(snapshot, topic, target, throttle);
                Optional<RetentionShrinker.Plan> shrink = Optional.empty();
                if (cmd.shrinkRetention().isPresent()) {
                    try {
                        shrink = Optional.of(RetentionShrinker.plan(retentionAdmins.apply(cluster.name()), topic,
                                cmd.shrinkRetention().get(), clock.instant()));
                    } catch (RetentionShrinker.Refused | ReassignmentAdmin.AdminException e) {
                        error.accept(e.getMessage());
                        return;
                    }
                }
                post(cluster, user, channel, List.of(plan), Optional.empty(), shrink);
            }
        } catch (PlanningException | IllegalArgumentException e) {
            error.accept(e.getMessage());
        }
    }

    /** {@code expand brokers=4,5}: every topic spread onto the new brokers too, one topic at a time. */
    public void expand(Command.Expand cmd, BotConfig.Cluster cluster, String user, String channel,
                       Consumer<String> error) {
        OptionalLong throttle = cmd.throttleBytesPerSec().map(OptionalLong::of).orElse(OptionalLong.empty());
        try {
            ClusterAssignment snapshot = sources.apply(cluster.name()).read(null);
            Target target = Target.expand(cmd.brokers());
            List<ReassignmentPlan> plans = ExpandPlanner.plan(snapshot, target, throttle);
            post(cluster, user, channel, plans, Optional.of("expand onto brokers " + String.join(", ",
                    cmd.brokers().stream().map(String::valueOf).toList())), Optional.empty());
        } catch (PlanningException | IllegalArgumentException e) {
            error.accept(e.getMessage());
        }
    }

    private void post(BotConfig.Cluster cluster, String user, String channel, List<ReassignmentPlan> plans,
                      Optional<String> queueTitle, Optional<RetentionShrinker.Plan> shrink) {
        String id = (queueTitle.isPresent() ? "E" : "R") + ids.incrementAndGet();
        List<ReassignmentPlan> work = plans.stream().filter(p -> !p.isEmpty()).toList();
        var p = new Pending(id, cluster, channel, user, queueTitle.isPresent() ? work : plans, queueTitle, "",
                clock.instant(), shrink);
        boolean nothing = work.isEmpty();
        String ts = chat.post(channel, Optional.empty(), p.headline(), RunViews.json(p.render(Optional.empty(),
                !nothing)));
        if (nothing) return;
        p = new Pending(id, cluster, channel, user, p.plans(), queueTitle, ts, p.created(), shrink);
        pending.put(id, p);
        var targets = new java.util.ArrayList<PartitionReplicas>();
        var rollback = new java.util.ArrayList<PartitionReplicas>();
        for (ReassignmentPlan plan : work) {
            plan.moves().forEach(m -> {
                targets.add(new PartitionReplicas(m.tp(), m.to()));
                rollback.add(new PartitionReplicas(m.tp(), m.from()));
            });
        }
        String note = queueTitle.isPresent() ? " (all topics; the bot runs them one topic at a time)" : "";
        chat.upload(channel, Optional.of(ts), "move-" + id + ".json", "move.json for kafka-reassign-partitions.sh"
                + note, ReassignmentJson.format(targets));
        chat.upload(channel, Optional.of(ts), "rollback-" + id + ".json", "Rollback: the current assignment",
                ReassignmentJson.format(rollback));
    }

    /** A click on Run now / Discard. */
    public void onAction(String actionId, String planId, String user, Consumer<String> ephemeral) {
        Pending p = pending.get(planId);
        if (p == null) {
            ephemeral.accept("Plan " + planId + " is no longer waiting (already run, discarded, or the bot restarted).");
            return;
        }
        if (PlanView.DISCARD_ACTION.equals(actionId)) {
            if (!user.equals(p.requester()) && !approvers.mayApprove(p.cluster(), user)) {
                ephemeral.accept("Only the requester or an approver may discard plan " + planId + ".");
                return;
            }
            if (pending.remove(planId) == null) return;
            chat.update(p.channel(), p.ts(), p.headline() + " (discarded)", RunViews.json(
                    p.render(Optional.of(":wastebasket: Discarded by <@" + user + ">."), false)));
            return;
        }
        Optional<String> refusal = approvers.refusal(p.cluster(), p.requester(), user);
        if (refusal.isPresent()) {
            ephemeral.accept(refusal.get());
            return;
        }
        if (pending.remove(planId) == null) return;
        AtomicBoolean cancel = new AtomicBoolean();
        running.put(planId, new Running(p.cluster().name(), cancel));
        chat.update(p.channel(), p.ts(), p.headline() + " (running)", RunViews.json(p.render(Optional.of(
                ":arrow_forward: Confirmed by <@" + user + "> at " + Format.utc(clock.instant()) + "; running. "
                        + "Progress is below and in the thread; `/kafka cancel " + planId + "` stops it safely."),
                false)));
        executor.submit(() -> run(p, cancel));
    }

    private void run(Pending p, AtomicBoolean cancel) {
        RunOutcome last = null;
        long bytes = 0;
        int partitions = 0;
        Instant started = clock.instant();
        RetentionShrinker.Lease lease = null;
        RetentionAdmin retention = null;
        String retentionNote = "";
        try {
            var runner = new ReassignmentRunner(admins.apply(p.cluster().name()), ledger, clock,
                    d -> Thread.sleep(d.toMillis()));
            for (int i = 0; i < p.plans().size(); i++) {
                ReassignmentPlan plan = p.plans().get(i);
                String title = "Rebalance of " + plan.topic() + " (" + p.id()
                        + (p.plans().size() > 1 ? ", topic " + (i + 1) + " of " + p.plans().size() : "") + ")";
                var reporter = new SlackRunReporter(chat, p.channel(), p.ts(), title, clock, Duration.ofSeconds(3));
                if (i == 0 && p.shrink().isPresent()) {
                    retention = retentionAdmins.apply(p.cluster().name());
                    RetentionShrinker.Plan s = p.shrink().get();
                    try {
                        Duration wait = shrinker.maxWait(retention);
                        lease = shrinker.lower(retention, p.cluster().name(), p.id(), s.topic(), s.keep());
                        thread(p, ":hourglass_flowing_sand: retention.ms of " + s.topic() + " lowered to "
                                + s.keep().toMillis() + " (" + Format.duration(s.keep()) + "); waiting up to "
                                + Format.duration(wait) + " for Kafka to delete the old data (about "
                                + Format.bytes(s.estimate().deletedBytes()) + ") before moving.");
                        var deletion = shrinker.awaitDeletion(retention, lease, wait, cancel::get, line -> {
                        });
                        if (deletion.cancelled()) {
                            last = new RunOutcome(RunOutcome.Status.CANCELLED, "Cancelled before any move",
                                    0, 0, Duration.between(started, clock.instant()), List.of());
                            break;
                        }
                        thread(p, ":wastebasket: Kafka deleted " + Format.bytes(deletion.deleted())
                                + " (all replicas) of " + s.topic() + " in " + Format.duration(deletion.waited())
                                + (deletion.allOldGone() ? "" : "; some old data sits in segments Kafka does not "
                                + "delete yet and is copied") + ". Moving now.");
                    } catch (RetentionShrinker.Refused | ReassignmentAdmin.AdminException e) {
                        last = new RunOutcome(RunOutcome.Status.REFUSED, "shrink-retention: " + e.getMessage(),
                                0, 0, Duration.between(started, clock.instant()), List.of());
                        break;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        last = new RunOutcome(RunOutcome.Status.FAILED, "Interrupted while waiting for the "
                                + "deletion; nothing was moved", 0, 0, Duration.between(started, clock.instant()),
                                List.of());
                        break;
                    }
                }
                last = runner.run(p.cluster().name(), p.id() + "-" + (i + 1), plan.moves(),
                        ReassignmentRunner.Options.defaults(plan.throttleBytesPerSec()), reporter, cancel::get);
                reporter.finished(last);
                bytes += last.bytesMoved();
                partitions += last.partitionsMoved();
                if (last.status() != RunOutcome.Status.DONE) break;
            }
            if (lease != null) {
                Optional<String> warning = shrinker.restore(retention, lease);
                retentionNote = warning.map(w -> " :warning: " + w).orElse(" retention.ms of " + lease.topic()
                        + " restored (" + lease.original().orElse("topic override removed, broker default") + ").");
                if (warning.isPresent()) thread(p, ":warning: " + warning.get());
                lease = null;
            }
            RunOutcome o = last;
            String icon = RunViews.icon(o.status());
            String status = o.status().name().charAt(0) + o.status().name().substring(1).toLowerCase(java.util.Locale.ROOT);
            chat.update(p.channel(), p.ts(), p.headline() + " (" + o.status().name().toLowerCase(java.util.Locale.ROOT)
                    + ")", RunViews.json(p.render(Optional.of(icon + " " + status + " at " + Format.utc(clock.instant())
                    + ": " + o.message() + " (" + partitions + " partitions, " + Format.bytes(bytes) + " in "
                    + Format.duration(Duration.between(started, clock.instant())) + ")." + retentionNote), false)));
        } catch (RuntimeException e) {
            log.error("run {} failed", p.id(), e);
            chat.post(p.channel(), Optional.of(p.ts()), ":x: Plan " + p.id() + " failed: " + e.getMessage(), null);
        } finally {
            if (lease != null) { // an exception ended the run: restore anyway
                Optional<String> warning = shrinker.restore(retention, lease);
                try {
                    thread(p, warning.map(w -> ":warning: " + w).orElse(":leftwards_arrow_with_hook: retention.ms of "
                            + lease.topic() + " restored."));
                } catch (RuntimeException ignored) {
                    log.warn("retention of {}: {}", lease.topic(), warning.orElse("restored"));
                }
            }
            running.remove(p.id());
        }
    }

    private void thread(Pending p, String text) {
        chat.post(p.channel(), Optional.of(p.ts()), text, null);
    }

    static String shrinkText(RetentionShrinker.Plan s, ReassignmentPlan plan) {
        long after = plan.moves().stream().mapToLong(m -> s.estimate().remaining(m.tp(), m.bytes())).sum();
        return s.describe() + "\n_An upper bound: Kafka deletes only closed log segments (never the active one). "
                + "The moves stay as planned; with the old data gone they copy about " + Format.bytes(after)
                + " instead of " + Format.bytes(plan.bytesToCopy()) + "._";
    }

    /** {@code /kafka cancel <id>}: a waiting plan is discarded, a running one stops at once and reverts in-flight moves. */
    public String cancel(String id, String user, String clusterName) {
        Running run = running.get(id);
        if (run != null && clusterName.equals(run.cluster())) {
            run.cancel().set(true);
            return ":no_entry_sign: Cancelling " + id + ": in-flight moves are being reverted and throttles removed.";
        }
        Pending p = pending.get(id);
        if (p != null && p.cluster().name().equals(clusterName)) {
            onAction(PlanView.DISCARD_ACTION, id, user, s -> {
            });
            return pending.containsKey(id) ? "Only the requester or an approver may cancel plan " + id + "."
                    : "Plan " + id + " discarded.";
        }
        return "No waiting plan or running job `" + id + "` on cluster " + clusterName + ".";
    }

    /** Who may confirm plans: the cluster's configured approvers (users and user groups). */
    public interface Approvers {
        boolean mayApprove(BotConfig.Cluster cluster, String user);

        default Optional<String> refusal(BotConfig.Cluster cluster, String requester, String user) {
            if (!mayApprove(cluster, user)) {
                return Optional.of("Only approvers of " + cluster.name() + " may run plans. Ask one of them.");
            }
            if (user.equals(requester) && !cluster.approvals().allowSelfApproval()) {
                return Optional.of("You requested this plan, so someone else must approve it.");
            }
            return Optional.empty();
        }
    }

    /** Approvers from the config; user groups expanded with {@code usergroups.users.list}, cached for 5 minutes. */
    public static Approvers fromConfig(MethodsClient client, Clock clock) {
        Map<String, Map.Entry<Instant, List<String>>> cache = new ConcurrentHashMap<>();
        return (cluster, user) -> {
            if (cluster.approvals().users().contains(user)) return true;
            for (String group : cluster.approvals().groups()) {
                var cached = cache.get(group);
                if (cached == null || cached.getKey().isBefore(clock.instant().minusSeconds(300))) {
                    try {
                        var r = client.usergroupsUsersList(x -> x.usergroup(group));
                        List<String> users = r.isOk() && r.getUsers() != null ? r.getUsers() : List.of();
                        cached = Map.entry(clock.instant(), users);
                        cache.put(group, cached);
                    } catch (Exception e) {
                        log.warn("usergroups.users.list {} failed: {}", group, e.getMessage());
                        continue;
                    }
                }
                if (cached.getValue().contains(user)) return true;
            }
            return false;
        };
    }
}
