package dev.kafkachatops.port;

import dev.kafkachatops.port.ReassignmentAdmin.AdminException;
import dev.kafkachatops.port.UpgradeAdmin.NodeHealth;
import dev.kafkachatops.port.UpgradeAdmin.StopCheck;
import dev.kafkachatops.port.UpgradeAdmin.TopicSettings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link UpgradeAdmin} must answer on a healthy cluster, run against the in-memory fake the upgrade runner
 * tests use and the Kafka Admin adapter on an in-process KRaft cluster, so that the fake stays honest. The cluster has
 * brokers 0-2, one of them also the single controller (the only voter), and is shared by the tests of a class: each
 * test creates its own topics and stops nothing. A new topic may take a few reads to show everywhere, with
 * {@link #pause()} between reads.
 */
public abstract class UpgradeAdminContract {
    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static final List<Integer> BROKERS = List.of(0, 1, 2);
    private static final int UNKNOWN_NODE = 9;
    private static final String METADATA_VERSION = "metadata.version";

    protected abstract UpgradeAdmin admin();

    /** Creates {@code name} with partition i on {@code assignment.get(i)} and returns once it has leaders. */
    protected abstract void createTopic(String name, List<List<Integer>> assignment, int minIsr, boolean unclean)
            throws Exception;

    /** The metadata.version level the cluster was formatted with. */
    protected abstract int metadataVersionLevel();

    protected abstract void pause() throws InterruptedException;

    private final String topic = "upgrade-contract-" + TOPICS.incrementAndGet();

    /** A topic of RF 3 with two partitions, visible to every question about topics. */
    private void createRf3(String name, int minIsr, boolean unclean) throws Throwable {
        createTopic(name, List.of(List.of(0, 1, 2), List.of(1, 2, 0)), minIsr, unclean);
        Reads.until(name + " listed", this::pause, () -> admin().topicSettings().stream()
                .anyMatch(t -> t.name().equals(name)));
    }

    private List<String> belowMinIsrOf(String name, int node) throws AdminException {
        return admin().wouldFallBelowMinIsr(node).stream().filter(p -> p.startsWith(name + "-")).toList();
    }

    private int voter() throws AdminException {
        return admin().activeController().orElseThrow();
    }

    private int nonVoter() throws AdminException {
        int voter = voter();
        return BROKERS.stream().filter(b -> b != voter).findFirst().orElseThrow();
    }

    @Test
    void withMinIsrEqualToTheReplicationFactorAnyStopFallsBelow() throws Throwable {
        createRf3(topic, 3, false);
        for (int node : BROKERS) {
            assertThat(belowMinIsrOf(topic, node)).as("node " + node).containsExactlyInAnyOrder(topic + "-0",
                    topic + "-1");
        }
        assertThat(belowMinIsrOf(topic, UNKNOWN_NODE)).as("a node with no replica").isEmpty();
    }

    @Test
    void withMinIsrBelowTheReplicationFactorOneStopIsSafe() throws Throwable {
        createRf3(topic, 2, false);
        for (int node : BROKERS) assertThat(belowMinIsrOf(topic, node)).as("node " + node).isEmpty();
    }

    @Test
    void stoppingTheOnlyVoterRisksTheQuorum() throws AdminException {
        assertThat(admin().quorumRisks(voter())).isNotEmpty().last().asString()
                .contains("only 0 of 1 voters are caught up (a majority needs 1)");
    }

    @Test
    void stoppingANonVoterRisksNoQuorum() throws AdminException {
        assertThat(admin().quorumRisks(nonVoter())).isEmpty();
        assertThat(admin().quorumRisks(UNKNOWN_NODE)).isEmpty();
    }

    @Test
    void theActiveControllerIsTheVoterAndCaughtUp() throws AdminException {
        int active = admin().activeController().orElseThrow();
        assertThat(BROKERS).contains(active);
        assertThat(admin().voterCaughtUp(active)).isTrue();
    }

    @Test
    void liveBrokersAreUpAndAnUnknownNodeIsNot() throws AdminException {
        for (int node : BROKERS) assertThat(admin().brokerUp(node)).as("node " + node).isTrue();
        assertThat(admin().brokerUp(UNKNOWN_NODE)).isFalse();
    }

    @Test
    void onlyAVoterIsACaughtUpVoter() throws AdminException {
        assertThat(admin().voterCaughtUp(voter())).isTrue();
        assertThat(admin().voterCaughtUp(nonVoter())).isFalse();
        assertThat(admin().voterCaughtUp(UNKNOWN_NODE)).isFalse();
    }

    @Test
    void aHealthyClusterHasNoUnderReplicatedOrOfflinePartitions() throws Throwable {
        createRf3(topic, 2, false);
        assertThat(admin().underReplicated()).isZero();
        assertThat(admin().offline()).isZero();
    }

    @Test
    void theStopCheckAnswersAsTheSingleQuestions() throws Throwable {
        createRf3(topic, 3, false);
        for (int node : List.of(0, 1, 2, UNKNOWN_NODE)) {
            assertThat(admin().stopCheck(node, true, true)).as("node " + node)
                    .isEqualTo(new StopCheck(admin().quorumRisks(node), admin().wouldFallBelowMinIsr(node)));
            assertThat(admin().stopCheck(node, false, false)).isEqualTo(new StopCheck(List.of(), List.of()));
        }
        assertThat(admin().stopCheck(voter(), false, true).quorumRisks()).isNotEmpty();
        assertThat(admin().stopCheck(voter(), true, false).belowMinIsr()).contains(topic + "-0");
    }

    @Test
    void theNodeHealthAnswersAsTheSingleQuestions() throws Throwable {
        createRf3(topic, 2, false);
        for (int node : List.of(0, 1, 2, UNKNOWN_NODE)) {
            assertThat(admin().nodeHealth(node, true, true)).as("node " + node).isEqualTo(new NodeHealth(
                    admin().brokerUp(node), admin().voterCaughtUp(node), admin().underReplicated(), admin().offline()));
        }
        assertThat(admin().nodeHealth(voter(), true, true).healthy()).isTrue();
        assertThat(admin().nodeHealth(nonVoter(), true, false).healthy()).isTrue();
        assertThat(admin().nodeHealth(nonVoter(), true, true).healthy()).as("not a voter").isFalse();
        assertThat(admin().nodeHealth(UNKNOWN_NODE, true, false).brokerUp()).isFalse();
    }

    @Test
    void electingLeadersThatAreAlreadyPreferredChangesNothing() throws Throwable {
        createRf3(topic, 2, false);
        for (int node : BROKERS) {
            assertThatCode(() -> admin().electPreferredLeaders(node)).as("node " + node).doesNotThrowAnyException();
        }
        assertThat(admin().underReplicated()).isZero();
        assertThat(admin().offline()).isZero();
    }

    @Test
    void theFinalizedMetadataVersionIsTheFormattedOneAndAnUnknownFeatureHasNone() throws AdminException {
        assertThat(admin().finalizedLevel(METADATA_VERSION)).isEqualTo(metadataVersionLevel());
        assertThat(admin().finalizedLevel("no.such.feature")).isEqualTo(-1);
    }

    @Test
    void topicSettingsShowReplicationMinIsrAndUncleanElection() throws Throwable {
        createRf3(topic, 2, true);
        String other = topic + "-defaults";
        createRf3(other, 1, false);
        assertThat(admin().topicSettings()).contains(new TopicSettings(topic, 3, 2, true),
                new TopicSettings(other, 3, 1, false));
    }

    @Test
    void raisingAFeatureToItsLevelIsANoOp() throws AdminException {
        admin().upgradeFeature(METADATA_VERSION, metadataVersionLevel());
        assertThat(admin().finalizedLevel(METADATA_VERSION)).isEqualTo(metadataVersionLevel());
    }

    @Test
    void raisingAFeatureToALevelThatDoesNotExistFails() throws AdminException {
        assertThatThrownBy(() -> admin().upgradeFeature(METADATA_VERSION, 9999)).isInstanceOf(AdminException.class);
        assertThat(admin().finalizedLevel(METADATA_VERSION)).isEqualTo(metadataVersionLevel());
    }
}
