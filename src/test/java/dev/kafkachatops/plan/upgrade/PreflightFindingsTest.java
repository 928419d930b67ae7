package dev.kafkachatops.plan.upgrade;

import dev.kafkachatops.domain.ClusterMode;
import dev.kafkachatops.domain.JavaRuntime;
import dev.kafkachatops.domain.version.ConfigRule;
import dev.kafkachatops.plan.upgrade.Finding.Reason;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.combined;
import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.node;
import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.planner;
import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.reasons;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12's host-side findings: each node's Java against the target's floor; configs the target renamed. */
class PreflightFindingsTest {
    private static final JavaRuntime JAVA_11 = JavaRuntime.parse("/opt/jdk11/bin/java",
            "openjdk version \"11.0.22\" 2024-01-16\nOpenJDK Runtime Environment").orElseThrow();

    private static UpgradeSnapshot cluster(UpgradeSnapshot.Node two) {
        return UpgradeSnapshot.builder("sandbox", ClusterMode.KRAFT).activeController(1).metadataLevel(21)
                .node(node(1, NodeRole.COMBINED, "3.9.1", "4.1.1")).node(two)
                .node(node(3, NodeRole.COMBINED, "3.9.1", "4.1.1")).topic("orders", 3, 2, false).build();
    }

    private static Finding only(UpgradePlan p, Reason reason) {
        return p.findings().stream().filter(f -> f.reason() == reason).findFirst().orElseThrow(() ->
                new AssertionError("no " + reason + " in " + p.findings()));
    }

    @Test
    void aHostWithJavaOlderThanTheTargetsFloorBlocksThePlanNamingHostAndVersions() {
        UpgradePlan p = planner().plan(cluster(node(2, NodeRole.COMBINED, "3.9.1", "4.1.1")
                .withJava(Optional.of(JAVA_11))), "4.1.1");
        assertThat(p.blocked()).isTrue();
        assertThat(p.findings(Finding.Severity.BLOCKER)).extracting(Finding::reason).containsExactly(Reason.JAVA_TOO_OLD);
        assertThat(only(p, Reason.JAVA_TOO_OLD).text()).isEqualTo("Java too old for the target: combined 2 "
                + "(kafka2.example.com) runs Java 11.0.22 (/opt/jdk11/bin/java): Kafka 4.1 brokers need Java 17 or "
                + "newer, so a stopped broker would not start again. Install Java 17+ there and point the broker's "
                + "start at it (JAVA_HOME, or javaHome in the host's config), then plan again");
    }

    @Test
    void java17PassesAndAnUnreadableJavaIsAWarningOnlyWhereTheFloorIsAbove8() {
        assertThat(reasons(planner().plan(cluster(node(2, NodeRole.COMBINED, "3.9.1", "4.1.1")), "4.1.1")))
                .doesNotContain(Reason.JAVA_TOO_OLD, Reason.JAVA_UNKNOWN);
        UpgradeSnapshot.Node unknown = node(2, NodeRole.COMBINED, "3.9.1", "4.1.1").withJava(Optional.empty());
        UpgradePlan p = planner().plan(cluster(unknown), "4.1.1");
        assertThat(p.blocked()).isFalse();
        assertThat(only(p, Reason.JAVA_UNKNOWN).detail()).isEqualTo("the Java of combined 2 (kafka2.example.com) "
                + "could not be read: check by hand that it is 17 or newer before approving");
        // 3.8 -> 3.9 runs on Java 8: Java 11 passes and an unread Java is no finding
        UpgradePlan old = planner().plan(combined(3, "3.8.1", 1, 20, "3.9.1").build(), "3.9.1");
        assertThat(reasons(old)).doesNotContain(Reason.JAVA_TOO_OLD, Reason.JAVA_UNKNOWN);
    }

    @Test
    void theFloorIsTheNewestLineEnteredAndManyNodesAreCounted() {
        var b = UpgradeSnapshot.builder("big", ClusterMode.KRAFT).activeController(1).metadataLevel(21);
        b.node(node(1, NodeRole.CONTROLLER, "3.9.1", "4.1.1"));
        for (int i = 2; i <= 300; i++) b.node(node(i, NodeRole.BROKER, "3.9.1", "4.1.1").withJava(Optional.of(JAVA_11)));
        UpgradePlan p = planner().plan(b.build(), "4.1.1");
        String detail = only(p, Reason.JAVA_TOO_OLD).detail();
        assertThat(detail).startsWith("broker 2 (kafka2.example.com), broker 3 (kafka3.example.com)")
                .contains("broker 11 (kafka11.example.com) and 289 more run Java 11.0.22 (/opt/jdk11/bin/java)");
        assertThat(detail.length()).isLessThan(1000);
    }

    @Test
    void keysTheTargetRenamedOrRemovedAreRenamedOrDroppedByThatNodesCopyStep() {
        UpgradeSnapshot.Node two = node(2, NodeRole.COMBINED, "3.9.1", "4.1.1").withConfigKeys(Set.of(
                "delegation.token.master.key", "log.message.format.version", "num.io.threads"));
        UpgradePlan p = planner().plan(cluster(two), "4.1.1");
        UpgradeStep copy = p.steps().stream().filter(s -> s.kind() == StepKind.WRITE_CONFIG
                && s.node().equals(Optional.of(2))).findFirst().orElseThrow();
        assertThat(copy.configRules()).containsExactly(
                new ConfigRule("delegation.token.master.key", List.of("delegation.token.secret.key")),
                new ConfigRule("log.message.format.version", List.of()));
        assertThat(copy.text()).isEqualTo("copy combined 2's config into the 4.1.1 install (backup first, atomic "
                + "write), renaming delegation.token.master.key → delegation.token.secret.key, dropping "
                + "log.message.format.version (keys the target no longer accepts)");
        assertThat(p.steps().stream().filter(s -> s.kind() == StepKind.WRITE_CONFIG && !s.node().equals(Optional.of(2))))
                .allMatch(s -> s.configRules().isEmpty());
        assertThat(only(p, Reason.CONFIG_RENAMED).text()).isEqualTo("Configs the target renamed or removed: "
                + "combined 2 (kafka2.example.com): delegation.token.master.key → delegation.token.secret.key, "
                + "log.message.format.version removed. The config-copy step renames or drops them (the old version's "
                + "file stays as it was); change them in your configuration management too");
        assertThat(p.blocked()).isFalse();
    }

    @Test
    void aPatchUpgradeWithinALineRenamesNothing() {
        UpgradeSnapshot s = combined(3, "4.1.0", 1, 27, "4.1.1").build();
        UpgradeSnapshot withKeys = UpgradeSnapshot.builder("sandbox", ClusterMode.KRAFT).activeController(1)
                .metadataLevel(27).node(s.nodes().get(0).withConfigKeys(Set.of("log.message.format.version")))
                .node(s.nodes().get(1)).node(s.nodes().get(2)).build();
        UpgradePlan p = planner().plan(withKeys, "4.1.1");
        assertThat(p.steps()).allMatch(st -> st.configRules().isEmpty());
        assertThat(reasons(p)).doesNotContain(Reason.CONFIG_RENAMED);
        assertThat(p.releaseNotes()).isEmpty();
    }

    @Test
    void theReleaseNotesListEveryLineEnteredWithItsNotableItems() {
        UpgradePlan p = planner().plan(cluster(node(2, NodeRole.COMBINED, "3.9.1", "4.1.1")), "4.1.1");
        assertThat(p.releaseNotes()).extracting(n -> n.line().toString()).containsExactly("4.0", "4.1");
        assertThat(p.releaseNotes().get(0).items()).containsExactly("brokers need Java 17 or newer",
                "KRaft only (no ZooKeeper)", "configs renamed: delegation.token.master.key → "
                        + "delegation.token.secret.key, log.message.timestamp.difference.max.ms → "
                        + "log.message.timestamp.before.max.ms + log.message.timestamp.after.max.ms, "
                        + "metrics.jmx.blacklist → metrics.jmx.exclude, metrics.jmx.whitelist → metrics.jmx.include",
                "configs removed: log.message.format.version, inter.broker.protocol.version, "
                        + "offsets.commit.required.acks, control.plane.listener.name, auto.include.jmx.reporter, "
                        + "log.message.downconversion.enable, controlled.shutdown.max.retries, "
                        + "controlled.shutdown.retry.backoff.ms, zookeeper.metadata.migration.enable",
                "clients older than 2.1 are refused");
        assertThat(p.releaseNotes().get(1).text()).isEqualTo("4.1: the plan finalizes metadata.version to 4.1-IV1 "
                + "(level 27) (https://kafka.apache.org/41/documentation.html#upgrade)");
        assertThat(UpgradePlanText.render(p)).contains("Release notes of the lines entered (read before approving):\n"
                + "  - 4.0: brokers need Java 17 or newer;");
    }
}
