package dev.kafkachatops.adapter.slack;

import dev.kafkachatops.adapter.quartz.CronWindowCalendar;
import dev.kafkachatops.adapter.store.InMemoryOperationStore;
import dev.kafkachatops.command.Command;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.ops.OpEvent;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.domain.ops.PlanStatus;
import dev.kafkachatops.ops.OperationKinds;
import dev.kafkachatops.ops.OperationService;
import dev.kafkachatops.ops.reassign.ReassignmentRequests;
import dev.kafkachatops.ops.upgrade.RestartRequests;
import dev.kafkachatops.ops.upgrade.UpgradeRequests;
import dev.kafkachatops.plan.reassign.ClusterAssignment;
import dev.kafkachatops.port.ApproverDirectory;
import dev.kafkachatops.port.ChatNotifier;
import dev.kafkachatops.port.JobScheduler;
import dev.kafkachatops.port.OperationChat;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Planning in chat as the requester sees it: a non-operator is refused in one private line before the cluster is
 * read, and "Nothing to move" goes to the requester only, never to the channel.
 */
class PlanRepliesTest {
    static final BotConfig.Cluster PROD = new BotConfig.Cluster("prod-eu", "k:9092", Map.of(), List.of("*"),
            new BotConfig.Approvals(List.of("U0BOB"), List.of(), 1, false, "white_check_mark", "x",
                    Duration.ofHours(24)), List.of(), List.of(), Map.of(), Optional.empty(),
            BotConfig.UpgradeGates.DEFAULTS, BotConfig.Rebalance.DEFAULTS,
            Optional.of(new BotConfig.Operators(List.of("U0ALICE"), List.of())));

    final InMemoryOperationStore store = new InMemoryOperationStore();
    /** What went to the channel (posts and files); the requester's answers are collected apart. */
    final List<String> channel = new ArrayList<>();
    final List<Answer> requester = new ArrayList<>();
    int reads;

    PlanReplies replies() {
        ClusterAssignment balanced = ClusterAssignment.builder().brokers(1, 2, 3)
                .partition("orders", 0, List.of(1, 2), 1_000).partition("orders", 1, List.of(2, 3), 1_000)
                .partition("orders", 2, List.of(3, 1), 1_000).build();
        ApproverDirectory directory = new ApproverDirectory() {
            @Override
            public boolean isApprover(String cluster, String user) {
                return user.equals("U0BOB");
            }

            @Override
            public boolean isOperator(String cluster, String user) {
                return user.equals("U0ALICE");
            }
        };
        OperationService service = new OperationService(store, scheduler(), operationChat(), directory,
                name -> Optional.of(PROD), name -> CronWindowCalendar.of(PROD), new OperationKinds(),
                Clock.systemUTC());
        var reassignments = new ReassignmentRequests(name -> topic -> {
            reads++;
            return balanced;
        }, name -> null, false, null, null, new dev.kafkachatops.ops.PlanSubmission(service, Clock.systemUTC()),
                Clock.systemUTC());
        var upgrades = new UpgradeRequests(name -> {
            throw new AssertionError("the cluster was read");
        }, null, null, null, store);
        var restarts = new RestartRequests(name -> {
            throw new AssertionError("the cluster was read");
        }, null, null, null);
        return new PlanReplies(service, reassignments, upgrades, restarts, notifier(), name -> Optional.of(PROD));
    }

    @Test
    void aNonOperatorIsRefusedPrivatelyInOneLineAndNothingIsRead() {
        replies().plan(new Command.Rebalance(Optional.of("orders"), false, List.of(), List.of(), Optional.empty(),
                Optional.empty(), false), PROD, "U0DAVE", "C1", requester::add);
        assertThat(requester).singleElement().satisfies(a -> {
            assertThat(a.text()).isEqualTo(":x: Only operators of prod-eu may plan (ask one of <@U0ALICE>, <@U0BOB>).");
            assertThat(a.blocks()).isNull();
        });
        assertThat(reads).isZero();
        assertThat(channel).isEmpty();
        assertThat(store.list(Optional.empty(), Set.of(OpState.values()))).isEmpty();
    }

    @Test
    void nothingToMoveIsForTheRequesterOnly() {
        replies().plan(new Command.Rebalance(Optional.of("orders"), false, List.of(), List.of(), Optional.empty(),
                Optional.empty(), false), PROD, "U0ALICE", "C1", requester::add);
        assertThat(reads).isEqualTo(1);
        assertThat(requester).singleElement().satisfies(a -> {
            assertThat(a.text()).startsWith("Nothing to move: rebalance orders");
            assertThat(a.blocks()).isNotEmpty();
        });
        assertThat(channel).isEmpty();
    }

    private JobScheduler scheduler() {
        return new JobScheduler() {
            @Override
            public void schedule(String operationId, Instant at, boolean breakGlass) {
                channel.add("schedule " + operationId);
            }

            @Override
            public void unschedule(String operationId) {
            }
        };
    }

    private OperationChat operationChat() {
        return new OperationChat() {
            @Override
            public String postPlan(Operation op, PlanStatus status) {
                channel.add("plan " + op.id());
                return "ts";
            }

            @Override
            public void refresh(Operation op, PlanStatus status) {
            }

            @Override
            public void notify(Operation op, OpEvent event) {
                channel.add("event " + event);
            }

            @Override
            public void ephemeral(String channel, String user, String text) {
            }
        };
    }

    private ChatNotifier notifier() {
        return new ChatNotifier() {
            @Override
            public String post(String ch, Optional<String> threadTs, String text, String blocksJson) {
                channel.add(text);
                return "1.0";
            }

            @Override
            public void update(String ch, String ts, String text, String blocksJson) {
                channel.add("update " + text);
            }

            @Override
            public void ephemeral(String ch, String user, String text) {
                channel.add("ephemeral " + text);
            }

            @Override
            public void upload(String ch, Optional<String> threadTs, String filename, String title, String content) {
                channel.add(filename);
            }

            @Override
            public void uploadBytes(String ch, Optional<String> threadTs, String filename, String title,
                                    byte[] content) {
                channel.add(filename);
            }
        };
    }
}
