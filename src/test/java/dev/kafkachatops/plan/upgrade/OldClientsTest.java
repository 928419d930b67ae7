package dev.kafkachatops.plan.upgrade;

import dev.kafkachatops.plan.upgrade.Finding.Reason;
import dev.kafkachatops.plan.upgrade.OldClients.DeprecatedRequest;
import dev.kafkachatops.plan.upgrade.OldClients.Observation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.combined;
import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.planner;
import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.split;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12's old-clients gate: requests Kafka 4.x no longer serves (KIP-896), seen in each broker's meters. */
class OldClientsTest {
    private static final UpgradeSnapshot THREE = combined(3, "3.9.1", 1, 21, "4.1.1").build();
    private static final UpgradePlan TO_4 = planner().plan(THREE, "4.1.1");
    private static final DeprecatedRequest PRODUCE_V2 = new DeprecatedRequest("unknown", "unknown", "Produce", "2",
            4.0, 20);
    private static final DeprecatedRequest FETCH_V3 = new DeprecatedRequest("librdkafka", "0.9.5", "Fetch", "3",
            0.5, 1234);
    private static final Observation NONE = new Observation.Seen(List.of());

    private static Observation seen(DeprecatedRequest... r) {
        return new Observation.Seen(List.of(r));
    }

    @Test
    void oldClientsSeenOnABrokerBlockAnUpgradeInto4NamingClientRequestRateAndBrokers() {
        var d = OldClients.decide(TO_4, THREE, Map.of(1, seen(PRODUCE_V2, FETCH_V3), 2, seen(PRODUCE_V2), 3, NONE),
                false);
        assertThat(d.overridden()).isFalse();
        assertThat(d.findings()).extracting(Finding::reason).containsExactly(Reason.OLD_CLIENTS);
        assertThat(d.findings().get(0).blocks()).isTrue();
        assertThat(d.findings().get(0).text()).isEqualTo("Clients the target refuses: client librdkafka (version "
                + "0.9.5): Fetch v3, 0.50/s now, 1,234 since start, on combined 1 (kafka1.example.com); client "
                + "unknown (version unknown): Produce v2, 8.00/s now, 40 since start, on combined 1 "
                + "(kafka1.example.com), combined 2 (kafka2.example.com). Kafka 4.1 refuses these requests (KIP-896): "
                + "upgrade those clients to 2.1 or newer first, or ask with `upgrade 4.1.1 allow-old-clients`");
        assertThat(TO_4.withFindings(d.findings()).blocked()).isTrue();
        assertThat(d.override()).isEmpty();
    }

    @Test
    void allowOldClientsTurnsTheBlockerIntoAWarningAndMarksTheOverride() {
        var d = OldClients.decide(TO_4, THREE, Map.of(1, seen(PRODUCE_V2), 2, NONE, 3, NONE), true);
        assertThat(d.overridden()).isTrue();
        assertThat(d.findings()).extracting(Finding::reason).containsExactly(Reason.OLD_CLIENTS_ALLOWED);
        assertThat(d.override()).get().extracting(Finding::text).isEqualTo("Old clients allowed: client unknown "
                + "(version unknown): Produce v2, 4.00/s now, 20 since start, on combined 1 (kafka1.example.com). "
                + "Asked with allow-old-clients: these clients fail once the brokers they talk to run 4.1.1");
        assertThat(TO_4.withFindings(d.findings()).blocked()).isFalse();
    }

    @Test
    void allowOldClientsWithNoneSeenIsNoOverride() {
        var d = OldClients.decide(TO_4, THREE, Map.of(1, NONE, 2, NONE, 3, NONE), true);
        assertThat(d.findings()).isEmpty();
        assertThat(d.overridden()).isFalse();
    }

    @Test
    void aMeterWithNothingCountedIsNoClientAndUpgradesWithin3xOrWithin4xAreNotGated() {
        var zero = new DeprecatedRequest("apache-kafka-java", "2.0.1", "Produce", "2", 0, 0);
        assertThat(OldClients.decide(TO_4, THREE, Map.of(1, seen(zero), 2, NONE, 3, NONE), false).findings())
                .isEmpty();
        UpgradeSnapshot old = combined(3, "3.8.1", 1, 20, "3.9.1").build();
        UpgradePlan within3 = planner().plan(old, "3.9.1");
        assertThat(OldClients.gated(within3)).isFalse();
        assertThat(OldClients.decide(within3, old, Map.of(1, seen(PRODUCE_V2)), false).findings()).isEmpty();
        UpgradeSnapshot four = combined(3, "4.1.1", 1, 25, "4.4.0").build();
        UpgradePlan within4 = planner().plan(four, "4.4.0");
        assertThat(OldClients.gated(within4)).isFalse();
        assertThat(OldClients.gated(TO_4)).isTrue();
    }

    @Test
    void brokersWithoutJmxAreOneWarningSayingHowToEnableItAndAnUnreadableOneNamesTheError() {
        var d = OldClients.decide(TO_4, THREE, Map.of(1, new Observation.NotConfigured(),
                2, new Observation.Unreadable("JMX at 127.0.0.1:9999: connection refused (is the broker running with "
                        + "JMX on this port?)")), false);
        assertThat(d.findings()).extracting(Finding::reason).containsExactly(Reason.OLD_CLIENTS_NOT_CHECKED,
                Reason.OLD_CLIENTS_NOT_CHECKED);
        assertThat(d.findings()).noneMatch(Finding::blocks);
        assertThat(d.findings().get(0).text()).isEqualTo("Old clients not checked: combined 1 (kafka1.example.com), "
                + "combined 3 (kafka3.example.com) have no jmxPort, so clients older than 2.1 (Kafka 4.1 refuses "
                + "them, KIP-896) could not be checked: start the brokers with JMX (JMX_PORT=9999 for Kafka's "
                + "scripts) and set jmxPort in hosts.defaults or hosts.brokers.<id>, then plan again");
        assertThat(d.findings().get(1).text()).isEqualTo("Old clients not checked: combined 2 (kafka2.example.com): "
                + "JMX at 127.0.0.1:9999: connection refused (is the broker running with JMX on this port?). Clients "
                + "older than 2.1, which Kafka 4.1 refuses, could not be checked there: check its "
                + "DeprecatedRequestsPerSec metric by hand before approving");
    }

    @Test
    void controllersServeNoClientsAndManyClientsAreCut() {
        UpgradeSnapshot s = split(3, 2, "3.9.1", 1, 21, "4.1.1").build();
        UpgradePlan p = planner().plan(s, "4.1.1");
        List<DeprecatedRequest> many = new ArrayList<>();
        for (int i = 0; i < 25; i++) many.add(new DeprecatedRequest("sarama", "1." + i, "Fetch", "2", 1, 10));
        var d = OldClients.decide(p, s, Map.of(101, new Observation.Seen(many), 102, NONE), false);
        assertThat(d.findings()).extracting(Finding::reason).containsExactly(Reason.OLD_CLIENTS);
        assertThat(d.findings().get(0).detail()).contains("client sarama (version 1.0)", "; and 15 more. Kafka 4.1")
                .doesNotContain("controller");
    }
}
