package dev.kafkachatops.plan.upgrade;

import dev.kafkachatops.domain.ClusterMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.CATALOGUE;
import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.combined;
import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.node;
import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.planner;
import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.v;
import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.zookeeper;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** From a running version and a request to the hops, or a refusal that says what to do. */
class UpgradePathTest {

    @ParameterizedTest(name = "{0} to {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            3.9.1 | 3.9.2 | 3.9.1 → 3.9.2
            3.7.2 | 3.9   | 3.7.2 → 3.9.2
            3.7.2 | 4.1.1 | 3.7.2 → 3.9.2, 3.9.2 → 4.1.1
            3.9.1 | 4.1   | 3.9.1 → 4.1.2
            3.9.0 | 4.4.0 | 3.9.0 → 4.4.0
            4.0.0 | 4.4   | 4.0.0 → 4.4.0
            2.6.0 | 3.9.1 | 2.6.0 → 2.8.2, 2.8.2 → 3.9.1
            2.8.2 | 3.9.1 | 2.8.2 → 3.9.1
            2.6.0 | 4.1.2 | 2.6.0 → 2.8.2, 2.8.2 → 3.9.2, 3.9.2 → 4.1.2
            2.0.0 | 2.8   | 2.0.0 → 2.8.2
            """)
    void hopsFollowTheGuide(String from, String request, String hops) {
        UpgradePath path = UpgradePath.between(CATALOGUE, v(from), UpgradePath.resolve(CATALOGUE, request));
        assertThat(String.join(", ", path.hops().stream().map(UpgradePath.Hop::toString).toList())).isEqualTo(hops);
    }

    @Test
    void theSameVersionIsAnEmptyPath() {
        assertThat(UpgradePath.between(CATALOGUE, v("4.1.1"), v("4.1.1")).isEmpty()).isTrue();
    }

    @Test
    void refusesDowngrades() {
        var e = catchThrowableOfType(UpgradeRefused.class, () -> UpgradePath.between(CATALOGUE, v("4.1.1"), v("3.9.1")));
        assertThat(e.reason()).isEqualTo(UpgradeRefused.Reason.DOWNGRADE);
        assertThat(e).hasMessage("3.9.1 is older than the running 4.1.1; downgrades are not supported");
    }

    @Test
    void refusesUnknownAndMalformedVersionsListingTheValidOnes() {
        var unknown = catchThrowableOfType(UpgradeRefused.class, () -> UpgradePath.resolve(CATALOGUE, "4.1.7"));
        assertThat(unknown.reason()).isEqualTo(UpgradeRefused.Reason.UNKNOWN_VERSION);
        assertThat(unknown).hasMessageStartingWith("4.1.7 is not a known Kafka release (known: 2.0.0-2.0.1, ")
                .hasMessageContaining("3.7.0-3.7.2, 3.8.0-3.8.1, 3.9.0-3.9.2, 4.0.0-4.0.2")
                .hasMessageEndingWith("4.4.0)");
        assertThat(catchThrowableOfType(UpgradeRefused.class, () -> UpgradePath.resolve(CATALOGUE, "5.0")).reason())
                .isEqualTo(UpgradeRefused.Reason.UNKNOWN_VERSION);
        var malformed = catchThrowableOfType(UpgradeRefused.class, () -> UpgradePath.resolve(CATALOGUE, "latest"));
        assertThat(malformed.reason()).isEqualTo(UpgradeRefused.Reason.MALFORMED_VERSION);
        assertThat(malformed).hasMessage("`latest` is not a Kafka version (expected MAJOR.MINOR[.PATCH], e.g. 3.9 or 3.9.1)");
        var running = catchThrowableOfType(UpgradeRefused.class, () -> UpgradePath.between(CATALOGUE, v("1.1.0"), v("3.9.1")));
        assertThat(running).hasMessageStartingWith("the running version 1.1.0 is not a known Kafka release");
    }

    @Test
    void aZooKeeperClusterCannotReachKraftOnlyReleases() {
        var e = catchThrowableOfType(UpgradeRefused.class, () -> planner().plan(zookeeper(3, "3.7.2", 1).build(), "4.1"));
        assertThat(e.reason()).isEqualTo(UpgradeRefused.Reason.ZOOKEEPER_NOT_SUPPORTED);
        assertThat(e).hasMessage("4.1.2 runs on KRaft only (ZooKeeper was removed in 4.0) and legacy runs on "
                + "ZooKeeper. ZooKeeper to KRaft migration is not automated: upgrade to 3.9.2 first (`upgrade 3.9.2`), "
                + "migrate the cluster to KRaft by hand following "
                + "https://kafka.apache.org/39/documentation.html#kraft_zk_migration, then plan 4.1.2 again.");
        var bridge = catchThrowableOfType(UpgradeRefused.class, () -> planner().plan(zookeeper(3, "3.9.2", 1).build(), "4.0"));
        assertThat(bridge).hasMessageContaining("not automated: migrate the cluster to KRaft by hand");
    }

    @Test
    void kraftBelow33IV3CannotMoveTo4() {
        var e = catchThrowableOfType(UpgradeRefused.class, () -> planner().plan(combined(3, "3.9.1", 1, 3).build(), "4.1.1"));
        assertThat(e.reason()).isEqualTo(UpgradeRefused.Reason.METADATA_TOO_OLD);
        assertThat(e).hasMessage("metadata.version is 3.2-IV0 (level 3) but 4.1.1 needs at least 3.3-IV3 (level 7). "
                + "Finalize it first: `upgrade 3.9.1` raises it to 3.9-IV0 (level 21); then plan 4.1.1 again.");
        // through an intermediate hop that finalizes 3.9-IV0 first, the same old level is fine
        assertThat(planner().plan(combined(3, "3.7.2", 1, 3).build(), "4.1.1").hops()).hasSize(2);
    }

    @Test
    void aNodeNewerThanTheTargetIsADowngrade() {
        var s = UpgradeSnapshot.builder("mixed", ClusterMode.KRAFT).metadataLevel(21)
                .node(node(1, NodeRole.COMBINED, "3.9.1")).node(node(2, NodeRole.COMBINED, "4.1.1"))
                .node(node(3, NodeRole.COMBINED, "4.1.1")).build();
        var e = catchThrowableOfType(UpgradeRefused.class, () -> planner().plan(s, "4.0.0"));
        assertThat(e).hasMessage("4.0.0 is older than the running 4.1.1 (on nodes 2 and 3); downgrades are not supported");
    }

    @Test
    void nothingDetectedIsRefused() {
        var s = UpgradeSnapshot.builder("blind", ClusterMode.KRAFT).metadataLevel(21)
                .node(node(1, NodeRole.COMBINED, "3.9.1").withVersion(java.util.Optional.empty())).build();
        assertThat(catchThrowableOfType(UpgradeRefused.class, () -> planner().plan(s, "4.1.1")).reason())
                .isEqualTo(UpgradeRefused.Reason.NO_VERSION_DETECTED);
    }
}
