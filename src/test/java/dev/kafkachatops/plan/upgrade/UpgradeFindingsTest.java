package dev.kafkachatops.plan.upgrade;

import dev.kafkachatops.domain.ClusterMode;
import dev.kafkachatops.plan.upgrade.Finding.Reason;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.combined;
import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.node;
import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.planner;
import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.reasons;
import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.zookeeper;
import static org.assertj.core.api.Assertions.assertThat;

/** Pre-flight findings: blockers that keep a plan from running, the data-loss risks, and notes. */
class UpgradeFindingsTest {

    private static Finding only(UpgradePlan p, Reason reason) {
        return p.findings().stream().filter(f -> f.reason() == reason).findFirst().orElseThrow(() ->
                new AssertionError("no " + reason + " in " + p.findings()));
    }

    @Test
    void aHealthyClusterWithSafeTopicsHasOnlyTheAcksReminderAndNotes() {
        UpgradePlan p = planner().plan(combined(3, "3.9.1", 2, 21, "4.1.1").topic("orders", 3, 2, false).build(),
                "4.1.1");
        assertThat(p.findings(Finding.Severity.BLOCKER)).isEmpty();
        assertThat(p.findings(Finding.Severity.WARNING)).extracting(Finding::reason).containsExactly(Reason.ACKS_ONE);
        assertThat(only(p, Reason.ACKS_ONE).text()).isEqualTo("Producers with acks=1 can lose messages: a leader that "
                + "stops before its followers have copied a write loses it; check that producers use acks=all (the "
                + "default from Kafka 3.0) with idempotence");
        assertThat(only(p, Reason.NO_WAY_BACK).detail()).isEqualTo("until the finalize step of hop 1 a node can be "
                + "rolled back to 3.9.1; after it the cluster cannot go back");
    }

    @Test
    void unhealthyClustersAreBlockedAndBlockersComeFirst() {
        var s = UpgradeSnapshot.builder("sandbox", ClusterMode.KRAFT).activeController(1).metadataLevel(21)
                .node(node(1, NodeRole.COMBINED, "3.9.1", "4.1.1"))
                .node(node(2, NodeRole.COMBINED, "3.9.1", "4.1.1").withAlive(false))
                .node(node(3, NodeRole.COMBINED, "3.9.1", "4.1.1").withVersion(Optional.empty()))
                .underReplicated(4).offline(1).topic("orders", 3, 2, false).build();
        UpgradePlan p = planner().plan(s, "4.1.1");
        assertThat(p.blocked()).isTrue();
        assertThat(p.findings().subList(0, 4)).extracting(Finding::reason).containsExactly(Reason.NODE_DOWN,
                Reason.UNKNOWN_VERSION, Reason.OFFLINE_PARTITIONS, Reason.UNDER_REPLICATED);
        assertThat(only(p, Reason.NODE_DOWN).detail()).isEqualTo("combined 2 (kafka2.example.com) is not running "
                + "or fenced: bring it back first");
        assertThat(only(p, Reason.UNKNOWN_VERSION).detail()).isEqualTo("the version of combined 3 "
                + "(kafka3.example.com) could not be detected: check the kafka link and libs/kafka_*.jar there");
        assertThat(only(p, Reason.OFFLINE_PARTITIONS).detail()).startsWith("1 partition has no leader");
        assertThat(only(p, Reason.UNDER_REPLICATED).detail()).startsWith("4 partitions are under-replicated");
        // the node of unknown version is still planned (its roll starts from an unknown version)
        assertThat(p.hops().get(0).restartOrder()).containsExactly(2, 3, 1);
    }

    @Test
    void aTargetMissingOnAHostWithoutAMirrorIsABlockerThatSuggestsWhatIsInstalled() {
        UpgradePlan p = planner().plan(combined(3, "3.9.1", 1, 21, "4.1.1").build(), "4.1");
        Finding f = only(p, Reason.NOT_INSTALLED);
        assertThat(f.blocks()).isTrue();
        assertThat(f.detail()).isEqualTo("4.1.2 is not installed on combined 1 (kafka1.example.com), combined 2 "
                + "(kafka2.example.com), combined 3 (kafka3.example.com) and no install mirror is configured: install "
                + "it beside the current version (4.1.1 is installed on all of them: `upgrade 4.1.1`)");
        assertThat(p.steps()).noneMatch(s -> s.kind() == StepKind.INSTALL);
    }

    @Test
    void dataLossRisksNameTheTopics() {
        var b = combined(3, "3.9.1", 1, 21, "4.1.1").topic("orders", 3, 2, false).topic("audit", 1, 1, false)
                .topic("clicks", 2, 1, true).topic("payments", 3, 2, true);
        for (int i = 0; i < 12; i++) b.topic(String.format("t%02d", i), 2, 2, false);
        UpgradePlan p = planner().plan(b.build(), "4.1.1");
        assertThat(only(p, Reason.LOW_REPLICATION_FACTOR).detail()).startsWith("audit (RF 1), clicks (RF 2), "
                + "t00 (RF 2),").contains("and 4 more: while a broker restarts");
        assertThat(only(p, Reason.LOW_MIN_INSYNC_REPLICAS).detail()).startsWith("audit (1), clicks (1): ");
        assertThat(only(p, Reason.UNCLEAN_LEADER_ELECTION).detail()).startsWith("clicks, payments: an out-of-sync");
        assertThat(p.blocked()).isFalse();
    }

    @Test
    void kraftNotesUnknownMetadataAndControllerAndEarlyAccess() {
        var s = UpgradeSnapshot.builder("old", ClusterMode.KRAFT)
                .node(node(1, NodeRole.COMBINED, "3.2.3", "3.9.2")).build();
        UpgradePlan p = planner().plan(s, "3.9");
        assertThat(reasons(p)).contains(Reason.METADATA_UNKNOWN, Reason.NO_ACTIVE_CONTROLLER, Reason.KRAFT_EARLY_ACCESS);
        assertThat(only(p, Reason.METADATA_UNKNOWN).blocks()).isTrue();
        // unknown level: the finalize step is still planned
        assertThat(p.steps()).anyMatch(st -> st.kind() == StepKind.FINALIZE_METADATA);
    }

    @Test
    void aZooKeeperBrokerAlreadyUpgradedWithoutAPinIsWarnedAbout() {
        var s = UpgradeSnapshot.builder("legacy", ClusterMode.ZOOKEEPER).activeController(1)
                .node(node(1, NodeRole.BROKER, "2.8.2", "3.9.1"))
                .node(node(2, NodeRole.BROKER, "3.9.1")).build();
        UpgradePlan p = planner().plan(s, "3.9.1");
        assertThat(only(p, Reason.UNPINNED_BROKER).detail()).isEqualTo("broker 2 already runs 3.9.1 without "
                + "inter.broker.protocol.version, so it speaks 3.9 to brokers still on 2.8: the roll goes on, but "
                + "check its logs first");
        assertThat(only(p, Reason.NO_WAY_BACK).detail()).contains("phase 2 of hop 1 (removing the pins)");
    }

    @Test
    void zooKeeperClustersGetNoKraftNotes() {
        UpgradePlan p = planner().plan(zookeeper(3, "2.8.2", 1, "3.9.1").build(), "3.9.1");
        assertThat(reasons(p)).doesNotContain(Reason.METADATA_UNKNOWN, Reason.OTHER_FEATURES_UNCHANGED,
                Reason.KRAFT_EARLY_ACCESS);
    }
}
