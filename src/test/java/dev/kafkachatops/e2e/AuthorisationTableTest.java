package dev.kafkachatops.e2e;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.kafkachatops.adapter.store.InMemoryOperationStore;
import dev.kafkachatops.domain.ops.ControlRequest;
import dev.kafkachatops.domain.ops.NewOperation;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.ops.PlanCodec;
import dev.kafkachatops.plan.reassign.ClusterAssignment;
import dev.kafkachatops.plan.reassign.RebalancePlanner;
import dev.kafkachatops.plan.reassign.Target;
import dev.kafkachatops.port.JobScheduler;
import dev.kafkachatops.run.reassign.ReassignmentPayload;
import dev.kafkachatops.sim.SimMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what, through the real bot over Socket Mode against the Slack simulator (the README's table, "Approval,
 * scheduling and durable runs"). Cluster {@code auth}: alice is an operator and the requester of every operation,
 * carol an operator through the user group {@code S0OPS}, bob an approver, dave none of these. Every cell acts on a
 * fresh operation in the state the action needs and asserts either its effect, or a refusal: exactly one private
 * line to that user, no button, and the operation, its timers and its control requests unchanged. The cluster is not
 * reachable and has no window, so nothing ever runs; a plan that passes the gate ends at reading the cluster.
 */
class AuthorisationTableTest {
    enum Role {
        REQUESTER("alice", "U0ALICE"), OPERATOR("carol", "U0CAROL"), APPROVER("bob", "U0BOB"),
        STRANGER("dave", "U0DAVE");

        final String name;
        final String id;

        Role(String name, String id) {
            this.name = name;
            this.id = id;
        }
    }

    enum Action {
        PLAN(OpState.AWAITING_APPROVAL), APPROVE(OpState.AWAITING_APPROVAL), REJECT(OpState.AWAITING_APPROVAL),
        CANCEL(OpState.AWAITING_APPROVAL), PAUSE(OpState.APPROVED), RESUME(OpState.PAUSED),
        RUN_NOW(OpState.APPROVED), ROLL_BACK(OpState.HALTED);

        final OpState state;

        Action(OpState state) {
            this.state = state;
        }
    }

    /** The table: who may. */
    static final Map<Action, Set<Role>> ALLOWED = Map.of(
            Action.PLAN, EnumSet.of(Role.REQUESTER, Role.OPERATOR, Role.APPROVER),
            Action.APPROVE, EnumSet.of(Role.APPROVER),
            Action.REJECT, EnumSet.of(Role.REQUESTER, Role.APPROVER),
            Action.CANCEL, EnumSet.of(Role.REQUESTER, Role.OPERATOR, Role.APPROVER),
            Action.PAUSE, EnumSet.of(Role.REQUESTER, Role.OPERATOR, Role.APPROVER),
            Action.RESUME, EnumSet.of(Role.REQUESTER, Role.OPERATOR, Role.APPROVER),
            Action.RUN_NOW, EnumSet.of(Role.APPROVER),
            Action.ROLL_BACK, EnumSet.of(Role.REQUESTER, Role.OPERATOR, Role.APPROVER));

    static ChatBotHarness chat;
    static final List<String> timers = new CopyOnWriteArrayList<>();
    static Slack slack;
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        JobScheduler scheduler = new JobScheduler() {
            @Override
            public void schedule(String operationId, Instant at, boolean breakGlass) {
                timers.add(operationId + (breakGlass ? "!" : ""));
            }

            @Override
            public void unschedule(String operationId) {
                timers.add("-" + operationId);
            }
        };
        chat = ChatBotHarness.with(BotYaml.dataDir(data).cluster(BotYaml.Cluster.named("auth", "127.0.0.1:1")
                        .approvers("U0BOB").operators("U0ALICE").operatorGroups("S0OPS")))
                .userGroup("S0OPS", "kafka-ops", "carol")
                .launcher(ChatBot.wired(new InMemoryOperationStore(), scheduler)).patience(Duration.ofSeconds(30))
                .start();
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(chat.sim.apiUrlPrefix());
        config.getMethodsConfig().setStatsEnabled(false);
        slack = Slack.getInstance(config);
    }

    @AfterAll
    static void stop() throws Exception {
        if (slack != null) slack.close();
        if (chat != null) chat.close();
    }

    static Stream<Arguments> table() {
        return Arrays.stream(Action.values()).flatMap(a -> Arrays.stream(Role.values())
                .map(r -> Arguments.of(a, r, ALLOWED.get(a).contains(r))));
    }

    @ParameterizedTest(name = "{0} by {1}: allowed={2}")
    @MethodSource("table")
    void whoMayDoWhat(Action action, Role role, boolean allowed) throws Exception {
        if (action == Action.PLAN) {
            plan(role, allowed);
            return;
        }
        Operation op = operation(action.state);
        String id = op.id();
        Operation before = chat.store().find(id).orElseThrow();
        Set<String> seen = privateTo(role);
        switch (action) {
            case APPROVE, REJECT -> chat.react(role.name, planMessage(op), action == Action.APPROVE
                    ? "white_check_mark" : "x");
            case CANCEL, PAUSE, RESUME -> chat.command(role.name, action.name().toLowerCase() + " " + id);
            case RUN_NOW -> chat.command(role.name, "run " + id + " now");
            case ROLL_BACK -> chat.action(role.name, haltedChoices(op), "op_rollback", id);
            default -> throw new IllegalArgumentException(action.name());
        }
        if (!allowed) {
            SimMessage refusal = onePrivateLine(role, seen);
            assertThat(refusal.text()).as(action + " by " + role).startsWith(switch (action) {
                case APPROVE -> "Only approvers of auth may approve plan " + id;
                case REJECT -> "Only approvers of auth (or the requester) may reject plan " + id;
                case RUN_NOW -> "Only approvers of auth may start " + id + " now.";
                default -> "Only the requester, an operator or an approver of auth may change " + id + ".";
            });
            assertThat(chat.store().find(id)).as("nothing changed").contains(before);
            assertThat(timers).as("no timer set or removed").noneMatch(t -> t.replace("-", "").replace("!", "")
                    .equals(id));
            assertThat(chat.store().control(id)).isEmpty();
            return;
        }
        switch (action) {
            case APPROVE -> awaitState(id, OpState.APPROVED);
            // the requester's rejection reaction withdraws the plan (cancelled, audited as withdrawn)
            case REJECT -> awaitState(id, role == Role.REQUESTER ? OpState.CANCELLED : OpState.REJECTED);
            case CANCEL -> {
                awaitPrivate(role, seen, id + " cancelled.");
                assertThat(chat.store().find(id).orElseThrow().state()).isEqualTo(OpState.CANCELLED);
            }
            case PAUSE -> {
                awaitPrivate(role, seen, id + " will not start until resumed.");
                assertThat(chat.store().find(id).orElseThrow().state()).isEqualTo(OpState.PAUSED);
            }
            case RESUME -> {
                awaitPrivate(role, seen, id + " continues when a window opens");
                assertThat(chat.store().find(id).orElseThrow().version()).isGreaterThan(before.version());
            }
            case RUN_NOW -> {
                SimMessage confirm = awaitPrivate(role, seen, "Start " + id + " now?");
                assertThat(confirm.blocks().toString()).contains("reassign_run");
                Set<String> shown = privateTo(role);
                chat.action(role.name, confirm, "reassign_run", id);
                awaitPrivate(role, shown, ":rotating_light: Starting " + id + " now.");
                assertThat(timers).contains(id + "!");
            }
            case ROLL_BACK -> {
                awaitPrivate(role, seen, ":leftwards_arrow_with_hook: Rolling back the node " + id);
                assertThat(chat.store().control(id)).map(ControlRequest::action).contains(ControlRequest.Action.ROLLBACK);
                assertThat(timers).contains(id + "!");
            }
            default -> throw new IllegalArgumentException(action.name());
        }
    }

    @Test
    void runNowOfAPlanThatCannotStartIsOneLineSayingItsStateWithoutAButton() {
        Operation waiting = operation(OpState.AWAITING_APPROVAL);
        Operation cancelled = operation(OpState.AWAITING_APPROVAL);
        chat.store().update(cancelled.id(), o -> Optional.of(o.withState(OpState.CANCELLED, null)));
        for (var c : Map.of(waiting.id(), "waiting for approval", cancelled.id(), "cancelled").entrySet()) {
            Operation before = chat.store().find(c.getKey()).orElseThrow();
            Set<String> seen = privateTo(Role.APPROVER);
            chat.command(Role.APPROVER.name, "run " + c.getKey() + " now");
            assertThat(onePrivateLine(Role.APPROVER, seen).text()).isEqualTo(c.getKey() + " is " + c.getValue()
                    + "; only an approved or paused plan can be started now.");
            assertThat(chat.store().find(c.getKey())).contains(before);
        }
    }

    /** Planning: a refusal before the cluster is read; allowed, the request goes on to read it (unreachable here). */
    private void plan(Role role, boolean allowed) {
        Set<String> seen = privateTo(role);
        int stored = chat.store().list(Optional.empty(), EnumSet.allOf(OpState.class)).size();
        chat.command(role.name, "rebalance orders");
        SimMessage answer = onePrivateLine(role, seen);
        if (allowed) {
            assertThat(answer.text()).startsWith(":x: ").doesNotContain("Only operators");
        } else {
            assertThat(answer.text()).isEqualTo(":x: Only operators of auth may plan (ask one of <@U0ALICE>, <@U0BOB>, "
                    + "<!subteam^S0OPS>).");
        }
        assertThat(chat.store().list(Optional.empty(), EnumSet.allOf(OpState.class))).hasSize(stored);
    }

    /** A rebalance plan by alice, posted for approval by the workflow, then moved to {@code state}. */
    private static Operation operation(OpState state) {
        List<List<Integer>> replicas = List.of(List.of(1, 2), List.of(2, 1), List.of(1, 2));
        ClusterAssignment c = ClusterAssignment.builder().brokers(1, 2, 3).topic("orders", replicas).build();
        var payload = new ReassignmentPayload(List.of(RebalancePlanner.plan(c, "orders", Target.allAlive(),
                OptionalLong.empty())), Optional.empty(), Optional.empty());
        String json = PlanCodec.write(payload);
        Instant now = Instant.now();
        Operation op = chat.service().submit(new NewOperation("auth", OpKind.REBALANCE, "rebalance orders",
                "U0ALICE", "C0GENERAL", json, PlanCodec.hash(json), "fp", now, now.plus(Duration.ofHours(1))));
        List<OpState> path = switch (state) {
            case AWAITING_APPROVAL -> List.of();
            case APPROVED -> List.of(OpState.APPROVED);
            case PAUSED -> List.of(OpState.APPROVED, OpState.PAUSED);
            case HALTED -> List.of(OpState.APPROVED, OpState.RUNNING, OpState.HALTED);
            default -> throw new IllegalArgumentException(state.name());
        };
        for (OpState s : path) chat.store().update(op.id(), o -> Optional.of(o.withState(s, null)));
        return chat.store().find(op.id()).orElseThrow();
    }

    private static SimMessage planMessage(Operation op) {
        return chat.await(m -> m.ts().equals(op.messageTs().orElseThrow()));
    }

    /** The choices a halted run offers in its thread, as the bot posts them (a run would have halted). */
    private static SimMessage haltedChoices(Operation op) throws Exception {
        String blocks = "[{\"type\":\"actions\",\"elements\":[{\"type\":\"button\",\"action_id\":\"op_rollback\","
                + "\"value\":\"" + op.id() + "\",\"text\":{\"type\":\"plain_text\",\"text\":\"Roll back the node\"}}]}]";
        var r = slack.methods(chat.sim.botToken()).chatPostMessage(m -> m.channel(op.channel()).text(op.id()
                + " halted").blocksAsString(blocks));
        assertThat(r.isOk()).as(r.getError()).isTrue();
        return chat.await(m -> m.ts().equals(r.getTs()));
    }

    private static void awaitState(String id, OpState state) {
        Await.until(id + " " + state, Duration.ofSeconds(20), () -> chat.store().find(id).orElseThrow().state()
                == state);
    }

    /** The ts of every private message {@code role} has been shown so far. */
    private static Set<String> privateTo(Role role) {
        return chat.messages().stream().filter(m -> m.ephemeral() && role.id.equals(m.visibleTo()))
                .map(SimMessage::ts).collect(Collectors.toSet());
    }

    private static List<SimMessage> newPrivate(Role role, Set<String> seen) {
        return chat.messages().stream().filter(m -> m.ephemeral() && role.id.equals(m.visibleTo())
                && !seen.contains(m.ts())).toList();
    }

    private static SimMessage awaitPrivate(Role role, Set<String> seen, String text) {
        return chat.await("a private answer to " + role.name + " with `" + text + "`", Duration.ofSeconds(30),
                m -> m.ephemeral() && role.id.equals(m.visibleTo()) && !seen.contains(m.ts())
                        && m.text().contains(text));
    }

    /** Exactly one new private message to {@code role}, one line, without buttons (a moment allowed for a second). */
    private static SimMessage onePrivateLine(Role role, Set<String> seen) {
        Await.until("a private answer to " + role.name, Duration.ofSeconds(30), () -> !newPrivate(role, seen)
                .isEmpty());
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<SimMessage> answers = newPrivate(role, seen);
        assertThat(answers).as("private answers to " + role.name).hasSize(1);
        SimMessage answer = answers.get(0);
        assertThat(answer.text()).doesNotContain("\n");
        assertThat(answer.blocks() == null ? "" : answer.blocks().toString()).doesNotContain("\"button\"");
        return answer;
    }
}
