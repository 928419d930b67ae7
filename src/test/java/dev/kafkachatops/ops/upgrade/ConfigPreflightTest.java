package dev.kafkachatops.ops.upgrade;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkachatops.adapter.kafka.ReleaseConfigDefs;
import dev.kafkachatops.domain.ClusterMode;
import dev.kafkachatops.localkafka.KafkaDistributions;
import dev.kafkachatops.plan.upgrade.Finding;
import dev.kafkachatops.plan.upgrade.NodeRole;
import dev.kafkachatops.plan.upgrade.UpgradePlan;
import dev.kafkachatops.plan.upgrade.UpgradeFixtures;
import dev.kafkachatops.plan.upgrade.UpgradeSnapshot;
import dev.kafkachatops.ops.PlanCodec;
import dev.kafkachatops.run.upgrade.SnapshotGatherer;
import dev.kafkachatops.run.upgrade.UpgradePayload;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each node's config against the real 4.4.0 broker ConfigDef (its jars in their own class loader), as the copy step
 * leaves it: renamed keys under their new names, values the target rejects, keys it does not define.
 */
class ConfigPreflightTest {
    private static final KafkaDistributions DISTS = new KafkaDistributions();
    private static final ConfigPreflight CHECK = new ConfigPreflight(
            new ReleaseConfigDefs(v -> DISTS.ensure(v).resolve("libs")));

    private static SnapshotGatherer.Gathered gathered(Map<Integer, Map<String, String>> configs) {
        var b = UpgradeSnapshot.builder("sandbox", ClusterMode.KRAFT).activeController(1).metadataLevel(21);
        for (int id = 1; id <= 3; id++) {
            b.node(node(id, NodeRole.COMBINED, "3.9.1", "4.4.0").withConfigKeys(configs.getOrDefault(id, Map.of())
                    .keySet()));
        }
        return new SnapshotGatherer.Gathered(b.build(), Map.of(), Map.of(), List.of(), configs);
    }

    private static UpgradePlan plan(SnapshotGatherer.Gathered g) {
        return CHECK.check(UpgradeFixtures.planner().plan(g.snapshot(), "4.4.0"), g);
    }

    private static Map<String, String> base(String... more) {
        var m = new TreeMap<>(Map.of("process.roles", "broker,controller", "node.id", "1",
                "controller.quorum.voters", "1@localhost:9093", "num.io.threads", "8"));
        for (int i = 0; i < more.length; i += 2) m.put(more[i], more[i + 1]);
        return m;
    }

    @Test
    void renamedKeysAreCheckedUnderTheirNewNamesAndAreNoFinding() {
        UpgradePlan p = plan(gathered(Map.of(1, base("delegation.token.master.key", "s3cret",
                "log.message.format.version", "3.0"), 2, base(), 3, base())));
        assertThat(p.findings()).extracting(Finding::reason).doesNotContain(Finding.Reason.CONFIG_UNKNOWN,
                Finding.Reason.CONFIG_REJECTED, Finding.Reason.CONFIG_NOT_CHECKED).contains(Finding.Reason.CONFIG_RENAMED);
        assertThat(p.blocked()).isFalse();
    }

    @Test
    void aValueTheTargetRejectsBlocksAndUnknownKeysWarnNodesGrouped() {
        UpgradePlan p = plan(gathered(Map.of(1, base("num.io.threads", "0"), 2, base("my.plugin.setting", "x",
                "group.share.enable", "true"), 3, base("my.plugin.setting", "y", "group.share.enable", "false"))));
        assertThat(p.blocked()).isTrue();
        Finding rejected = p.findings(Finding.Severity.BLOCKER).get(0);
        assertThat(rejected.text()).isEqualTo("Config values the target rejects: combined 1 (kafka1.example.com): "
                + "num.io.threads=0 (Invalid value 0 for configuration num.io.threads: Value must be at least 1): Kafka "
                + "4.4.0 would refuse to start with this value; fix the config of the running version, then plan again");
        assertThat(p.findings()).filteredOn(f -> f.reason() == Finding.Reason.CONFIG_UNKNOWN).singleElement()
                .extracting(Finding::text).isEqualTo("Config keys the target does not know: combined 2 "
                        + "(kafka2.example.com), combined 3 (kafka3.example.com): group.share.enable, my.plugin.setting: "
                        + "Kafka 4.4.0 does not define them (a plugin's own settings, a typo, or a setting removed "
                        + "earlier); the broker starts and ignores them");
    }

    @Test
    void aPlanWithConfigRulesAndReleaseNotesSurvivesTheStoresJsonRoundTrip() throws Exception {
        SnapshotGatherer.Gathered g = gathered(Map.of(1, base("delegation.token.master.key", "s3cret")));
        UpgradePlan p = plan(g);
        assertThat(p.steps()).anyMatch(s -> !s.configRules().isEmpty());
        assertThat(p.releaseNotes()).isNotEmpty();
        UpgradePayload payload = new UpgradePayload(p, Map.of(1, NodeRole.COMBINED, 2, NodeRole.COMBINED, 3,
                NodeRole.COMBINED), Map.of(1, "3.9.1", 2, "3.9.1", 3, "3.9.1"));
        String json = PlanCodec.write(payload);
        assertThat(PlanCodec.read(json, UpgradePayload.class)).isEqualTo(payload);
        assertThat(json).doesNotContain("s3cret");
        // a plan stored before issue 12 (no configRules, no releaseNotes) still reads
        ObjectNode tree = (ObjectNode) new ObjectMapper().readTree(json);
        ObjectNode stored = (ObjectNode) tree.get("plan");
        stored.remove("releaseNotes");
        stored.get("hops").forEach(h -> h.get("phases").forEach(ph -> ph.get("steps")
                .forEach(st -> ((ObjectNode) st).remove("configRules"))));
        String old = tree.toString();
        assertThat(old).doesNotContain("releaseNotes").doesNotContain("configRules");
        UpgradePlan read = PlanCodec.read(old, UpgradePayload.class).plan();
        assertThat(read.releaseNotes()).isEmpty();
        assertThat(read.steps()).allMatch(st -> st.configRules().isEmpty());
    }

    @Test
    void definitionsThatCannotBeHadAreAWarningNotABlocker() {
        ConfigPreflight offline = new ConfigPreflight(new ReleaseConfigDefs(v -> {
            throw new IOException("offline");
        }));
        SnapshotGatherer.Gathered g = gathered(Map.of(1, base()));
        UpgradePlan p = offline.check(UpgradeFixtures.planner().plan(g.snapshot(), "4.4.0"), g);
        assertThat(p.blocked()).isFalse();
        assertThat(p.findings()).filteredOn(f -> f.reason() == Finding.Reason.CONFIG_NOT_CHECKED).singleElement()
                .extracting(Finding::detail).isEqualTo("Kafka 4.4.0's jars are not available here (offline): check "
                        + "each node's config against the 4.4.0 documentation by hand");
    }
}
