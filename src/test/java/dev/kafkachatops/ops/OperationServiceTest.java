package dev.kafkachatops.ops;

import dev.kafkachatops.MutableClock;
import dev.kafkachatops.adapter.quartz.CronWindowCalendar;
import dev.kafkachatops.adapter.store.InMemoryOperationStore;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.ops.AuditEntry;
import dev.kafkachatops.domain.ops.AuditEvent;
import dev.kafkachatops.domain.ops.NewOperation;
import dev.kafkachatops.domain.ops.OpEvent;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.PlanStatus;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.domain.ops.StateNote;
import dev.kafkachatops.port.JobScheduler;
import dev.kafkachatops.port.OperationChat;
import dev.kafkachatops.run.RunControl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The workflow over the in-memory store, a recording scheduler and chat, a scripted handler and a fixed clock. */
class OperationServiceTest {
    static final Instant MON_NOON = Instant.parse("2026-11-23T12:00:00Z");
    static final Instant TUE_WINDOW = Instant.parse("2026-11-24T01:00:00Z"); // 02:00 Berlin

    final MutableClock clock = new MutableClock(MON_NOON);
    final InMemoryOperationStore store = new InMemoryOperationStore();
    final List<String> scheduled = new CopyOnWriteArrayList<>();
    final List<String> chatLog = new CopyOnWriteArrayList<>();
    final List<String> ephemerals = new CopyOnWriteArrayList<>();
    final List<OpEvent> events = new CopyOnWriteArrayList<>();
    Runnable duringRun = () -> { };
    ScriptedKind handler;
    Consumer<RunControl> withControl = c -> { };
    final List<String> handlerCalls = new CopyOnWriteArrayList<>();
    List<String> changes = List.of();
    RunResult nextResult = new RunResult(RunResult.Status.DONE,
            "all moved.");
    BotConfig.Approvals approvals = approvals(1, false);
    OperationService service;

    static BotConfig.Approvals approvals(int required, boolean self) {
        return new BotConfig.Approvals(List.of("U0BOB", "U0CAROL"), List.of(), required, self, "white_check_mark",
                "x", Duration.ofHours(24));
    }

    BotConfig.Cluster cluster() {
        return new BotConfig.Cluster("prod", "k:9092", Map.of(), List.of("*"), approvals,
                List.of(new BotConfig.Window("0 0 2 ? * TUE-THU", Duration.ofHours(3), "Europe/Berlin")),
                List.of(), Map.of());
    }

    @BeforeEach
    void setUp() {
        rebuild();
    }

    void rebuild() {
        JobScheduler scheduler = new JobScheduler() {
            @Override
            public void schedule(String id, Instant at, boolean breakGlass) {
                scheduled.add(id + "@" + at + (breakGlass ? "!" : ""));
            }

            @Override
            public void unschedule(String id) {
                scheduled.add("-" + id);
            }
        };
        OperationChat chat = new OperationChat() {
            @Override
            public String postPlan(Operation op, PlanStatus status) {
                chatLog.add("post " + op.id() + ": " + op.state() + " " + status.approvals().size());
                return "ts-" + op.id();
            }

            @Override
            public void refresh(Operation op, PlanStatus status) {
                chatLog.add("refresh " + op.id() + ": " + op.state() + " " + status.approvals().size() + " of "
                        + status.required() + " " + status.zone() + " " + op.scheduledFor().map(Object::toString)
                        .orElse("-"));
            }

            @Override
            public void notify(Operation op, OpEvent event) {
                chatLog.add("event " + op.id() + ": " + event);
                events.add(event);
            }

            @Override
            public void ephemeral(String channel, String user, String text) {
                ephemerals.add(user + ": " + text);
            }
        };
        handler = new ScriptedKind(OpKind.REBALANCE, () -> changes, (op, control) -> {
            handlerCalls.add(op.id() + " deadline=" + control.deadline().orElse(null));
            duringRun.run();
            withControl.accept(control);
            control.steps().started("step-1", "");
            control.steps().done("step-1", "");
            return nextResult;
        });
        var c = cluster();
        service = new OperationService(store, scheduler, chat, (cl, user) -> approvals.users().contains(user),
                name -> Optional.of(c), name -> CronWindowCalendar.of(c), new OperationKinds().register(handler), clock);
    }

    Operation submit(String requester) {
        return service.submit(new NewOperation("prod", OpKind.REBALANCE, "rebalance orders", requester, "C1",
                ScriptedKind.PLAN, ScriptedKind.HASH, "fp", clock.instant(), clock.instant().plus(Duration.ofHours(24))));
    }

    OpState state(String id) {
        return store.find(id).orElseThrow().state();
    }

    List<AuditEvent> audit(String id) {
        var events = new ArrayList<>(store.history(Optional.empty(), Optional.of(id), 100).stream()
                .map(AuditEntry::event).toList());
        java.util.Collections.reverse(events);
        return events;
    }

    @Test
    void approvalByAnApproverSchedulesAtTheNextWindowAndTheRunHappensThere() {
        Operation op = submit("U0ALICE");
        assertThat(op.messageTs()).contains("ts-R1");
        service.onReaction("C1", "ts-R1", "U0DAVE", "white_check_mark", true); // stranger
        service.onReaction("C1", "ts-R1", "U0ALICE", "white_check_mark", true); // requester
        assertThat(state(op.id())).isEqualTo(OpState.AWAITING_APPROVAL);
        assertThat(ephemerals).hasSize(2);
        service.onReaction("C1", "ts-R1", "U0BOB", "white_check_mark", true);
        service.onReaction("C1", "ts-R1", "U0BOB", "white_check_mark", true); // redelivery: counted once
        Operation approved = store.find(op.id()).orElseThrow();
        assertThat(approved.state()).isEqualTo(OpState.APPROVED);
        assertThat(approved.scheduledFor()).contains(TUE_WINDOW);
        assertThat(store.approvals(op.id())).hasSize(1);
        assertThat(scheduled).containsExactly("R1@" + TUE_WINDOW);
        assertThat(chatLog).contains("refresh R1: APPROVED 1 of 1 Europe/Berlin " + TUE_WINDOW);

        clock.set(TUE_WINDOW);
        service.fire(op.id(), false, false);
        assertThat(handlerCalls).containsExactly("R1 deadline=2026-11-24T04:00:00Z");
        assertThat(state(op.id())).isEqualTo(OpState.DONE);
        assertThat(audit(op.id())).containsExactly(AuditEvent.REQUESTED, AuditEvent.REFUSED, AuditEvent.REFUSED,
                AuditEvent.APPROVED, AuditEvent.SCHEDULED, AuditEvent.STARTED, AuditEvent.FINISHED);
    }

    @Test
    void twoApproversRequiredAndAWithdrawalBeforeTheStartPutsItBack() {
        approvals = approvals(2, false);
        rebuild();
        Operation op = submit("U0ALICE");
        service.onReaction("C1", "ts-R1", "U0BOB", "white_check_mark", true);
        assertThat(state(op.id())).isEqualTo(OpState.AWAITING_APPROVAL);
        service.onReaction("C1", "ts-R1", "U0CAROL", "white_check_mark", true);
        assertThat(state(op.id())).isEqualTo(OpState.APPROVED);
        service.onReaction("C1", "ts-R1", "U0CAROL", "white_check_mark", false);
        assertThat(state(op.id())).isEqualTo(OpState.AWAITING_APPROVAL);
        assertThat(scheduled).containsExactly("R1@" + TUE_WINDOW, "-R1");
        assertThat(store.find(op.id()).orElseThrow().scheduledFor()).isEmpty();
        assertThat(audit(op.id())).contains(AuditEvent.WITHDRAWN);
    }

    @Test
    void aPlanThatAsksForOneApprovalMoreNeedsItAndTheStatusSaysSo() {
        handler.extraApprovals = 1; // e.g. an upgrade asked with skip-rehearsal
        Operation op = submit("U0ALICE");
        service.onReaction("C1", "ts-R1", "U0BOB", "white_check_mark", true);
        assertThat(state(op.id())).isEqualTo(OpState.AWAITING_APPROVAL);
        assertThat(chatLog).contains("refresh R1: AWAITING_APPROVAL 1 of 2 Europe/Berlin -");
        service.onReaction("C1", "ts-R1", "U0CAROL", "white_check_mark", true);
        assertThat(state(op.id())).isEqualTo(OpState.APPROVED);
        service.onReaction("C1", "ts-R1", "U0CAROL", "white_check_mark", false);
        assertThat(state(op.id())).as("below required + 1 again").isEqualTo(OpState.AWAITING_APPROVAL);
    }

    @Test
    void theRequestersRejectionReactionWithdrawsThePlanItIsNotARejection() {
        Operation op = submit("U0ALICE");
        service.onReaction("C1", "ts-R1", "U0ALICE", "x", true);
        assertThat(state(op.id())).isEqualTo(OpState.CANCELLED);
        assertThat(audit(op.id())).containsExactly(AuditEvent.REQUESTED, AuditEvent.WITHDRAWN)
                .doesNotContain(AuditEvent.REJECTED);
        assertThat(StateNotes.read(store.find(op.id()).orElseThrow()).orElseThrow().reason())
                .isEqualTo(StateNote.Reason.WITHDRAWN);
        clock.set(TUE_WINDOW);
        service.fire(op.id(), false, false);
        assertThat(handlerCalls).isEmpty();
    }

    @Test
    void rejectionEndsThePlanAndNothingRuns() {
        Operation op = submit("U0ALICE");
        service.onReaction("C1", "ts-R1", "U0CAROL", "x", true);
        assertThat(state(op.id())).isEqualTo(OpState.REJECTED);
        clock.set(TUE_WINDOW);
        service.fire(op.id(), false, false);
        assertThat(handlerCalls).isEmpty();
    }

    @Test
    void aMissedStartNeverRunsOutsideTheWindowButMovesToTheNextOne() {
        Operation op = submit("U0ALICE");
        service.onReaction("C1", "ts-R1", "U0BOB", "white_check_mark", true);
        clock.set(TUE_WINDOW.plus(Duration.ofHours(5))); // bot was down during the whole window
        service.fire(op.id(), false, false);
        assertThat(handlerCalls).isEmpty();
        assertThat(store.find(op.id()).orElseThrow().scheduledFor()).contains(Instant.parse("2026-11-25T01:00:00Z"));
        assertThat(scheduled).last().isEqualTo("R1@2026-11-25T01:00:00Z");
    }

    @Test
    void aChangedClusterStopsTheRunAndSaysWhatChanged() {
        Operation op = submit("U0ALICE");
        service.onReaction("C1", "ts-R1", "U0BOB", "white_check_mark", true);
        changes = List.of("orders-3 replicas are now [1, 2, 4] (planned from [1, 2, 3])");
        clock.set(TUE_WINDOW);
        service.fire(op.id(), false, false);
        assertThat(handlerCalls).isEmpty();
        assertThat(state(op.id())).isEqualTo(OpState.STALE);
        assertThat(events).containsExactly(new OpEvent.Stale(List.of("orders-3 replicas are now [1, 2, 4] (planned from [1, 2, 3])"),
                "rebalance orders"));
    }

    @Test
    void oneOperationPerClusterInApprovalOrder() {
        Operation first = submit("U0ALICE");
        Operation second = service.submit(new NewOperation("prod", OpKind.REBALANCE, "rebalance payments",
                "U0ALICE", "C1", ScriptedKind.PLAN, ScriptedKind.HASH, "f", clock.instant(), clock.instant().plus(Duration.ofHours(24))));
        service.onReaction("C1", "ts-R2", "U0BOB", "white_check_mark", true); // second approved first
        clock.set(MON_NOON.plusSeconds(60));
        service.onReaction("C1", "ts-R1", "U0BOB", "white_check_mark", true);
        assertThat(service.queue("prod")).extracting(Operation::id).containsExactly(second.id(), first.id());
        clock.set(TUE_WINDOW);
        scheduled.clear();
        service.fire(first.id(), false, false); // R1's trigger fires first, but R2 was approved first
        assertThat(handlerCalls).isEmpty();
        assertThat(scheduled).containsExactly("R2@" + TUE_WINDOW);
        service.fire(second.id(), false, false);
        assertThat(handlerCalls).containsExactly("R2 deadline=2026-11-24T04:00:00Z");
        // R2 finished inside the window: R1 is kicked at once
        assertThat(scheduled).last().isEqualTo("R1@" + TUE_WINDOW);
    }

    @Test
    void windowEndPausesAndTheNextWindowContinues() {
        nextResult = new RunResult(RunResult.Status.PAUSED, "paused at batch 2.");
        Operation op = submit("U0ALICE");
        service.onReaction("C1", "ts-R1", "U0BOB", "white_check_mark", true);
        clock.set(TUE_WINDOW);
        service.fire(op.id(), false, false);
        Operation paused = store.find(op.id()).orElseThrow();
        assertThat(paused.state()).isEqualTo(OpState.PAUSED);
        assertThat(paused.scheduledFor()).contains(Instant.parse("2026-11-25T01:00:00Z"));
        nextResult = new RunResult(RunResult.Status.DONE, "done.");
        clock.set(Instant.parse("2026-11-25T01:00:00Z"));
        service.fire(op.id(), false, false);
        assertThat(state(op.id())).isEqualTo(OpState.DONE);
        assertThat(audit(op.id())).containsSubsequence(AuditEvent.STARTED, AuditEvent.PAUSED, AuditEvent.RESUMED,
                AuditEvent.FINISHED);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(OpEvent.Resumed.class, r -> {
            assertThat(r.breakGlass()).isFalse();
            assertThat(r.until()).isPresent();
        }));
    }

    @Test
    void aPauseAskedForAsTheRunEndsLeavesNoRequestBehind() {
        Operation op = submit("U0ALICE");
        service.onReaction("C1", "ts-R1", "U0BOB", "white_check_mark", true);
        duringRun = () -> assertThat(service.pause(op.id(), "U0ALICE").kind()).isEqualTo(Reply.Kind.PAUSING);
        assertThat(service.runNow(op.id(), "U0CAROL").kind()).isEqualTo(Reply.Kind.STARTING);
        service.fire(op.id(), true, false);
        assertThat(state(op.id())).isEqualTo(OpState.DONE);
        assertThat(store.control(op.id())).isEmpty();
        assertThat(events).contains(new OpEvent.TooLate("pause", "U0ALICE"));
    }

    /** No start with less window left than the longest step needs: the cluster must not sit half-changed. */
    @Test
    void aRunStartsOnlyWithRoomForItsLongestStepAndPausesBeforeTheWindowRunsOut() {
        Operation op = submit("U0ALICE");
        service.onReaction("C1", "ts-R1", "U0BOB", "white_check_mark", true);
        handler.longestStep = Duration.ofMinutes(4); // needs 4 min x 1.25 + 1 s = 5 min 1 s of window
        clock.set(TUE_WINDOW.plus(Duration.ofHours(3)).minus(Duration.ofMinutes(5))); // 5 min left
        service.fire(op.id(), false, false);
        assertThat(handlerCalls).isEmpty();
        assertThat(state(op.id())).isEqualTo(OpState.APPROVED);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(OpEvent.NotStarted.class,
                n -> assertThat(n.why()).contains("5 min left").contains("longest step")));
        assertThat(scheduled).last().asString().startsWith(op.id() + "@2026-11-25T01:00:00Z");

        // with room, it starts; the run is asked to pause once less than that room is left
        List<Boolean> pauseAsked = new ArrayList<>();
        duringRun = () -> { };
        handler.longestStep = Duration.ofMinutes(1); // 1 min 16 s of room
        clock.set(TUE_WINDOW.plus(Duration.ofHours(3)).minus(Duration.ofMinutes(2)));
        withControl = control -> {
            pauseAsked.add(control.pauseRequested());
            clock.set(TUE_WINDOW.plus(Duration.ofHours(3)).minus(Duration.ofSeconds(75)));
            pauseAsked.add(control.pauseRequested());
        };
        service.fire(op.id(), false, false);
        assertThat(pauseAsked).containsExactly(false, true);
    }

    /** A step longer than a whole window: the rule cannot be met, so the run goes step by step rather than never. */
    @Test
    void aStepLongerThanAWholeWindowDoesNotHoldTheRunForever() {
        Operation op = submit("U0ALICE");
        service.onReaction("C1", "ts-R1", "U0BOB", "white_check_mark", true);
        handler.longestStep = Duration.ofHours(4); // the window is 3 h
        List<Boolean> pauseAsked = new ArrayList<>();
        withControl = control -> pauseAsked.add(control.pauseRequested());
        clock.set(TUE_WINDOW);
        service.fire(op.id(), false, false);
        assertThat(handlerCalls).hasSize(1);
        assertThat(pauseAsked).containsExactly(false);
    }

    /** One outcome, told truthfully: the run finished before it saw the cancel, so it is done, not cancelled. */
    @Test
    void aCancelAskedForAsTheRunEndsLeavesItDoneAndSaysSo() {
        Operation op = submit("U0ALICE");
        service.onReaction("C1", "ts-R1", "U0BOB", "white_check_mark", true);
        duringRun = () -> assertThat(service.cancel(op.id(), "U0ALICE").kind()).isEqualTo(Reply.Kind.CANCELLING);
        assertThat(service.runNow(op.id(), "U0CAROL").kind()).isEqualTo(Reply.Kind.STARTING);
        service.fire(op.id(), true, false);
        assertThat(state(op.id())).isEqualTo(OpState.DONE);
        assertThat(audit(op.id())).contains(AuditEvent.CANCEL_REQUESTED, AuditEvent.FINISHED)
                .doesNotContain(AuditEvent.CANCELLED);
        assertThat(events).contains(new OpEvent.TooLate("cancel", "U0ALICE"));
        assertThat(store.control(op.id())).isEmpty();
    }

    @Test
    void aCancelSeenByTheRunIsAuditedOnceAsCancelledByItsRequester() {
        Operation op = submit("U0ALICE");
        service.onReaction("C1", "ts-R1", "U0BOB", "white_check_mark", true);
        duringRun = () -> service.cancel(op.id(), "U0ALICE");
        nextResult = new RunResult(RunResult.Status.CANCELLED, "cancelled; in-flight moves reverted.");
        service.runNow(op.id(), "U0CAROL");
        service.fire(op.id(), true, false);
        assertThat(state(op.id())).isEqualTo(OpState.CANCELLED);
        var cancelled = store.history(Optional.empty(), Optional.of(op.id()), 100).stream()
                .filter(e -> e.event() == AuditEvent.CANCELLED).toList();
        assertThat(cancelled).singleElement().satisfies(e -> assertThat(e.actor()).isEqualTo("U0ALICE"));
        assertThat(events).noneMatch(e -> e instanceof OpEvent.TooLate);
    }

    @Test
    void runNowIsForApproversOnlyAndStartsOutsideTheWindow() {
        Operation op = submit("U0ALICE");
        service.onReaction("C1", "ts-R1", "U0BOB", "white_check_mark", true);
        assertThat(service.runNow(op.id(), "U0ALICE").kind()).isEqualTo(Reply.Kind.NOT_APPROVER);
        assertThat(service.runNow(op.id(), "U0CAROL").kind()).isEqualTo(Reply.Kind.STARTING);
        assertThat(scheduled).last().isEqualTo("R1@" + MON_NOON + "!");
        service.fire(op.id(), true, false);
        assertThat(handlerCalls).containsExactly("R1 deadline=null");
        assertThat(audit(op.id())).contains(AuditEvent.RUN_NOW, AuditEvent.FINISHED);
    }

    @Test
    void runNowIsRefusedBeforeItsConfirmationForNonApproversAndPlansThatCannotStart() {
        Operation waiting = submit("U0ALICE");
        Operation before = store.find(waiting.id()).orElseThrow();
        int audited = audit(waiting.id()).size();
        Reply notApprover = service.confirmRunNow(waiting.id(), "U0DAVE");
        assertThat(notApprover.kind()).isEqualTo(Reply.Kind.NOT_APPROVER);
        Reply unapproved = service.confirmRunNow(waiting.id(), "U0BOB");
        assertThat(unapproved.kind()).isEqualTo(Reply.Kind.CANNOT_START);
        assertThat(unapproved.state()).contains(OpState.AWAITING_APPROVAL);
        assertThat(store.find(waiting.id())).contains(before);
        assertThat(audit(waiting.id())).hasSize(audited);
        assertThat(scheduled).isEmpty();
        for (OpState end : List.of(OpState.CANCELLED, OpState.REJECTED)) {
            Operation op = submit("U0ALICE");
            store.update(op.id(), o -> Optional.of(o.withState(end, null)));
            assertThat(service.confirmRunNow(op.id(), "U0BOB").state()).contains(end);
        }
        Operation done = submit("U0ALICE");
        service.onReaction("C1", "ts-" + done.id(), "U0BOB", "white_check_mark", true);
        service.runNow(done.id(), "U0CAROL");
        service.fire(done.id(), true, false);
        assertThat(service.confirmRunNow(done.id(), "U0BOB").state()).contains(OpState.DONE);
    }

    @Test
    void runNowConfirmationKnowsWhetherTheWindowIsOpen() {
        Operation op = submit("U0ALICE");
        service.onReaction("C1", "ts-R1", "U0BOB", "white_check_mark", true);
        Reply closed = service.confirmRunNow(op.id(), "U0CAROL");
        assertThat(closed.kind()).isEqualTo(Reply.Kind.CONFIRM_RUN_NOW);
        assertThat(closed.at()).as("Monday noon: no window open").isEmpty();
        clock.set(TUE_WINDOW.plus(Duration.ofHours(1)));
        Reply open = service.confirmRunNow(op.id(), "U0CAROL");
        assertThat(open.kind()).isEqualTo(Reply.Kind.CONFIRM_RUN_NOW);
        assertThat(open.at()).contains(TUE_WINDOW.plus(Duration.ofHours(3)));
        assertThat(state(op.id())).as("confirming changes nothing").isEqualTo(OpState.APPROVED);
        assertThat(service.runNow(op.id(), "U0CAROL").kind()).isEqualTo(Reply.Kind.STARTING);
        assertThat(events).anySatisfy(e -> assertThat(e).isEqualTo(new OpEvent.StartedNow("U0CAROL", true)));
    }

    @Test
    void cancelAtEveryStageAndOnlyByRequesterOrApprover() {
        Operation waiting = submit("U0ALICE");
        assertThat(service.cancel(waiting.id(), "U0DAVE").kind()).isEqualTo(Reply.Kind.NOT_ALLOWED);
        assertThat(service.cancel(waiting.id(), "U0ALICE").kind()).isEqualTo(Reply.Kind.CANCELLED);
        assertThat(state(waiting.id())).isEqualTo(OpState.CANCELLED);
        Operation approved = submit("U0ALICE");
        service.onReaction("C1", "ts-" + approved.id(), "U0BOB", "white_check_mark", true);
        assertThat(service.cancel(approved.id(), "U0BOB").kind()).isEqualTo(Reply.Kind.CANCELLED);
        assertThat(scheduled).last().isEqualTo("-" + approved.id());
        assertThat(service.cancel(approved.id(), "U0BOB").kind()).isEqualTo(Reply.Kind.ENDED);
    }

    @Test
    void waitingPlansExpire() {
        Operation op = submit("U0ALICE");
        clock.set(MON_NOON.plus(Duration.ofHours(25)));
        service.expireDue();
        assertThat(state(op.id())).isEqualTo(OpState.EXPIRED);
        service.onReaction("C1", "ts-R1", "U0BOB", "white_check_mark", true);
        assertThat(state(op.id())).isEqualTo(OpState.EXPIRED);
    }

    @Test
    void aRecoveredRunResumesAndAFreshFireOfARunningOperationDoesNothing() {
        Operation op = submit("U0ALICE");
        service.onReaction("C1", "ts-R1", "U0BOB", "white_check_mark", true);
        store.update(op.id(), o -> Optional.of(o.withState(OpState.RUNNING, "")));
        clock.set(TUE_WINDOW);
        service.fire(op.id(), false, false);
        assertThat(handlerCalls).isEmpty();
        service.fire(op.id(), false, true);
        assertThat(handlerCalls).hasSize(1);
        assertThat(state(op.id())).isEqualTo(OpState.DONE);
        assertThat(events).contains(new OpEvent.Recovered());
    }
}
