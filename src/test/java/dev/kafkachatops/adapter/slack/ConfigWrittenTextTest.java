package dev.kafkachatops.adapter.slack;

import dev.kafkachatops.domain.version.ConfigRule;
import dev.kafkachatops.domain.version.KafkaVersion;
import dev.kafkachatops.plan.upgrade.StepKind;
import dev.kafkachatops.plan.upgrade.UpgradeStep;
import dev.kafkachatops.port.ConfigChange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The thread line of a config-copy step that renamed or dropped keys: keys only, never values. */
class ConfigWrittenTextTest {
    private static final List<ConfigRule> RULES = List.of(
            new ConfigRule("delegation.token.master.key", List.of("delegation.token.secret.key")),
            new ConfigRule("log.message.format.version", List.of()),
            new ConfigRule("auto.include.jmx.reporter", List.of()));
    private static final UpgradeStep STEP = new UpgradeStep("hop1/phase1/combined-2/write-config",
            StepKind.WRITE_CONFIG, Optional.of(2), Optional.of(KafkaVersion.parse("3.9.1")),
            Optional.of(KafkaVersion.parse("4.4.0")), Map.of(), List.of(), RULES, Optional.empty(), "copy",
            Duration.ZERO);

    private static ConfigChange.Change change(String key, String before, String after) {
        return new ConfigChange.Change(key, Optional.ofNullable(before), Optional.ofNullable(after));
    }

    @Test
    void namesWhatWasRenamedAndDroppedWithoutTheValues() {
        ConfigChange c = new ConfigChange("/srv/n2/usr/local/kafka_2.13-4.4.0/config/server.properties",
                Optional.of("/srv/n2/usr/local/kafka_2.13-3.9.1/config/server.properties"), Optional.empty(),
                List.of(change("delegation.token.master.key", "s3cret", null),
                        change("delegation.token.secret.key", null, "s3cret"),
                        change("log.message.format.version", "3.0", null)), true);
        String text = UpgradeReporter.configText(STEP, c);
        assertThat(text).isEqualTo(":pencil2: Node 2's config for 4.4.0 (/srv/n2/usr/local/kafka_2.13-4.4.0/config/"
                + "server.properties): delegation.token.master.key → delegation.token.secret.key, "
                + "log.message.format.version dropped");
        assertThat(text).doesNotContain("s3cret");
    }

    @Test
    void aRepeatedStepSaysThereWasNothingLeft() {
        ConfigChange c = new ConfigChange("/etc/kafka/server.properties", Optional.empty(),
                Optional.of("/etc/kafka/server.properties.bak-20261207-120000"), List.of(), false);
        assertThat(UpgradeReporter.configText(STEP, c)).isEqualTo(":pencil2: Node 2's config for 4.4.0 "
                + "(/etc/kafka/server.properties): nothing left to rename or drop; the previous file is kept as "
                + "/etc/kafka/server.properties.bak-20261207-120000");
    }
}
