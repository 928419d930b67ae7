package dev.kafkachatops.e2e;

import dev.kafkachatops.TestClusters;
import dev.kafkachatops.adapter.kafka.AdminClients;
import dev.kafkachatops.domain.ops.AuditEvent;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.sim.SimMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bot against a simulator as strict as Slack, end to end over Socket Mode with a real cluster (so a plan would
 * really be computed and stored): removed from #general it stores nothing and says so through {@code response_url};
 * the approver group is configured by its handle and resolved to its id at start (carol's approval counts); a group
 * Slack will not read is named in a refusal; a refused file upload is explained in the plan's thread; a private line
 * to someone who left the channel goes to their direct messages.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StrictSlackIT {
    private static final String NOT_IN = "I am not in #general: invite me with /invite @kafka-chatops";
    private static KafkaClusterTestKit cluster;
    private static ChatBotHarness chat;
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestClusters.start(4);
        try (Admin admin = AdminClients.create(cluster.bootstrapServers(), Map.of(), Duration.ofSeconds(15))) {
            TestTopics.create(admin, "orders", 6, p -> List.of(p % 3, (p + 1) % 3), Map.of());
        }
        chat = ChatBotHarness.with(BotYaml.dataDir(data).cluster(BotYaml.Cluster.named("strict",
                        cluster.bootstrapServers()).channels("#general", "G0SECRET").approverGroups("kafka-approvers", "S0GONE")
                        .window("0 0 0 1 1 ? 2099", "1m")))
                .channel("G0SECRET", "secret", true).patience(Duration.ofSeconds(60)).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (chat != null) chat.close();
        if (cluster != null) cluster.close();
    }

    @Test
    @Order(1)
    void removedFromTheChannelTheBotStoresNothingAndSaysSoInOneLine() {
        chat.sim.membership("general", "U0BOT", false);
        try {
            for (String command : List.of("rebalance orders", "expand brokers=3", "upgrade 4.1.1")) {
                Set<String> seen = privateTo("U0ALICE");
                chat.command("alice", command);
                SimMessage line = chat.await(command, Duration.ofSeconds(30), m -> m.ephemeral()
                        && "U0ALICE".equals(m.visibleTo()) && !seen.contains(m.ts()));
                assertThat(line.text()).as(command).isEqualTo(NOT_IN);
                assertThat(stored()).as("nothing stored after " + command).isEmpty();
            }
            Set<String> seen = privateTo("U0ALICE");
            chat.command("alice", "jobs");
            SimMessage jobs = chat.await("jobs", Duration.ofSeconds(30), m -> m.ephemeral()
                    && "U0ALICE".equals(m.visibleTo()) && !seen.contains(m.ts()));
            assertThat(jobs.fullText()).contains("Nothing is running, queued or waiting for approval.");
            assertThat(chat.messages()).noneMatch(m -> !m.ephemeral() && m.bot());
            assertThat(chat.sim.apiCalls()).filteredOn(c -> c.method().equals("chat.postMessage")).isEmpty();
        } finally {
            chat.sim.membership("general", "U0BOT", true);
        }
    }

    @Test
    @Order(2)
    void aPrivateChannelTheBotIsNotInIsNamedByItsIdAndNothingIsStored() {
        chat.sim.command("alice", "secret", "rebalance orders");
        SimMessage line = Await.value("the answer in the private channel", Duration.ofSeconds(30), () -> chat.sim
                .messages("secret").stream().filter(m -> m.ephemeral() && "U0ALICE".equals(m.visibleTo()))
                .findFirst(), () -> "");
        assertThat(line.text()).isEqualTo("I am not in <#G0SECRET>: invite me with /invite @kafka-chatops");
        assertThat(stored()).isEmpty();
    }

    @Test
    @Order(3)
    void aPlanPostRefusedAfterTheCheckCancelsThePlanAndSaysSo() {
        chat.sim.faults().addSlackError("chat.postMessage", "not_in_channel", 1);
        Set<String> seen = privateTo("U0ALICE");
        chat.command("alice", "rebalance orders");
        SimMessage line = chat.await("the refusal", Duration.ofSeconds(60), m -> m.ephemeral()
                && "U0ALICE".equals(m.visibleTo()) && !seen.contains(m.ts()));
        assertThat(line.text()).isEqualTo(NOT_IN);
        List<Operation> ops = stored();
        assertThat(ops).singleElement().satisfies(op -> {
            assertThat(op.state()).isEqualTo(OpState.CANCELLED);
            assertThat(chat.history(op.id(), 10)).anyMatch(e -> e.event() == AuditEvent.CANCELLED
                    && e.detail().contains("not_in_channel"));
        });
        assertThat(chat.store().list(Optional.empty(), OpState.OPEN)).isEmpty();
    }

    @Test
    @Order(4)
    void missingScopeOnTheUploadIsExplainedInThePlansThread() {
        chat.sim.faults().addSlackError("files.getUploadURLExternal", "missing_scope", 2);
        chat.command("alice", "rebalance orders");
        SimMessage plan = chat.await(m -> m.bot() && !m.ephemeral() && m.text().startsWith("Plan R")
                && m.text().endsWith("awaiting approval"));
        String id = ChatBotHarness.operationId(plan);
        SimMessage withNotes = chat.awaitReplies(plan, r -> r.stream().filter(m -> m.text().contains("could not be "
                + "attached")).count() == 2);
        assertThat(withNotes.replies()).filteredOn(m -> m.text().contains("could not be attached"))
                .extracting(SimMessage::text).containsExactlyInAnyOrder(
                        note("move-" + id + ".json"), note("rollback-" + id + ".json"));
        assertThat(withNotes.replies()).allMatch(m -> m.files().isEmpty());
    }

    @Test
    @Order(5)
    void aGroupConfiguredByHandleCountsAndAnUnreadableGroupIsNamedToAStrangerInADirectMessage() {
        SimMessage plan = chat.await(m -> m.bot() && !m.ephemeral() && m.text().startsWith("Plan R")
                && m.text().endsWith("awaiting approval"));
        String id = ChatBotHarness.operationId(plan);
        chat.sim.membership("general", "dave", false);
        try {
            chat.react("dave", plan, "white_check_mark");
            SimMessage dm = Await.value("a direct message to dave", Duration.ofSeconds(30), () -> chat.sim
                    .messages("U0DAVE").stream().findFirst(), () -> "; calls " + chat.sim.apiCalls().stream()
                    .filter(c -> !c.ok()).toList());
            assertThat(dm.text()).startsWith("Only approvers of strict may approve plan " + id)
                    .contains("<!subteam^S0GONE> (no_such_subteam)").doesNotContain("S0APPROVERS");
            assertThat(chat.operation(id).state()).isEqualTo(OpState.AWAITING_APPROVAL);
        } finally {
            chat.sim.membership("general", "dave", true);
        }
        chat.approve("carol", plan);
        Await.until(id + " approved by carol, a member of @kafka-approvers", Duration.ofSeconds(30),
                () -> chat.operation(id).state() == OpState.APPROVED);
    }

    private static String note(String file) {
        return ":warning: The file `" + file + "` could not be attached: Slack refused the upload with missing_scope "
                + "(needed: files:write). Add that scope to the Slack app and reinstall it.";
    }

    private static List<Operation> stored() {
        return chat.store().list(Optional.empty(), EnumSet.allOf(OpState.class));
    }

    private static Set<String> privateTo(String user) {
        return chat.messages().stream().filter(m -> m.ephemeral() && user.equals(m.visibleTo()))
                .map(SimMessage::ts).collect(Collectors.toSet());
    }
}
