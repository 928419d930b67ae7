package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.localkafka.KafkaDistributions;
import dev.kafkachatops.port.ReleaseConfigs;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The broker ConfigDef of real Kafka releases (3.9.1 and 4.4.0, from the distribution cache the real-broker tests
 * use, built from ~/.m2), each in its own class loader: what 4.4.0 no longer defines, what it rejects.
 */
class ReleaseConfigDefsTest {
    private static final KafkaDistributions DISTS = new KafkaDistributions();
    private static final ReleaseConfigDefs DEFS = new ReleaseConfigDefs(v -> DISTS.ensure(v).resolve("libs"));

    private static Map<String, String> config(String... kv) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void keysRemovedIn40AreUnknownTo440ButKnownTo391() throws Exception {
        Map<String, String> c = config("process.roles", "broker,controller", "num.io.threads", "8",
                "delegation.token.master.key", "s3cret", "log.message.format.version", "3.0",
                "offsets.commit.required.acks", "-1", "control.plane.listener.name", "CONTROL",
                "auto.include.jmx.reporter", "true", "log.message.timestamp.difference.max.ms", "1000",
                "listener.name.plain.sasl.enabled.mechanisms", "PLAIN", "metrics.jmx.exclude", "kafka.log.*",
                "my.plugin.setting", "x");
        ReleaseConfigs.Verdict v440 = DEFS.check("4.4.0", c);
        assertThat(v440.unknown()).containsExactly("auto.include.jmx.reporter", "control.plane.listener.name",
                "delegation.token.master.key", "log.message.format.version",
                "log.message.timestamp.difference.max.ms", "my.plugin.setting", "offsets.commit.required.acks");
        assertThat(v440.rejected()).isEmpty();
        ReleaseConfigs.Verdict v391 = DEFS.check("3.9.1", c);
        assertThat(v391.unknown()).containsExactly("my.plugin.setting");
    }

    @Test
    void valuesTheReleasesValidatorsRejectAreNamedWithTheReleasesReason() throws Exception {
        ReleaseConfigs.Verdict v = DEFS.check("4.4.0", config("num.io.threads", "0", "log.retention.hours", "a week",
                "authorizer.class.name", "kafka.security.authorizer.AclAuthorizer",
                "principal.builder.class", "com.example.MyPrincipalBuilder"));
        assertThat(v.rejected()).extracting(ReleaseConfigs.Rejected::key).containsExactly("authorizer.class.name",
                "log.retention.hours", "num.io.threads");
        assertThat(v.rejected().get(2).reason()).contains("num.io.threads").contains("at least 1");
        assertThat(v.rejected().get(1).reason()).contains("log.retention.hours").contains("a week");
        // a Kafka class the release no longer ships (ZooKeeper's AclAuthorizer, gone in 4.0) is rejected; a plugin
        // class from the broker's own classpath is not this check's business
        assertThat(v.rejected().get(0).reason()).isEqualTo("Kafka 4.4.0 has no class kafka.security.authorizer.AclAuthorizer");
        assertThat(DEFS.check("3.9.1", config("authorizer.class.name", "kafka.security.authorizer.AclAuthorizer"))
                .rejected()).isEmpty();
    }

    @Test
    void aReleaseWhoseJarsCannotBeHadIsUnavailableWithTheReason() {
        ReleaseConfigDefs none = new ReleaseConfigDefs(v -> {
            throw new IOException("no Kafka " + v + " in the cache and Maven is offline");
        });
        assertThatThrownBy(() -> none.check("4.9.9", Map.of())).isInstanceOf(ReleaseConfigs.Unavailable.class)
                .hasMessage("Kafka 4.9.9's jars are not available here (no Kafka 4.9.9 in the cache and Maven is "
                        + "offline)");
        ReleaseConfigDefs empty = new ReleaseConfigDefs(v -> Path.of("/nonexistent-libs-" + v));
        assertThatThrownBy(() -> empty.check("4.4.0", Map.of())).isInstanceOf(ReleaseConfigs.Unavailable.class)
                .hasMessageStartingWith("Kafka 4.4.0's jars are not available here");
    }
}
