package dev.kafkachatops.adapter.kafka;

import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Admin API failures in one line, and the finalized metadata.version named by whoever knows its level. */
class KafkaErrorsTest {
    private static final Duration T = Duration.ofSeconds(15);
    private static final String CHECK = " Check that the brokers are up and the bootstrap servers are right.";

    @Test
    void anUnreachableClusterNamesItsAddressOnceAndNeverAnEmptyOne() {
        var timeout = new ExecutionException(new TimeoutException("Timed out waiting for a node assignment."));
        assertThat(KafkaErrors.describe("prod-eu", "kafka1:9093", T, timeout))
                .isEqualTo("Cannot reach cluster prod-eu at kafka1:9093: no answer within 15 s." + CHECK);
        // the command line's clusters are named by their address; the Admin calls know no address at all
        assertThat(KafkaErrors.describe("127.0.0.1:1", "127.0.0.1:1", T, timeout))
                .isEqualTo("Cannot reach cluster 127.0.0.1:1: no answer within 15 s." + CHECK);
        assertThat(KafkaErrors.describe("127.0.0.1:1", "", T, timeout))
                .isEqualTo("Cannot reach cluster 127.0.0.1:1: no answer within 15 s." + CHECK);
    }

    @Test
    void aClientThatCannotBeMadeIsOneLineNamingTheServers() {
        assertThatThrownBy(() -> AdminClients.create("no-such-host.invalid:9092",
                        Map.of(), T))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot create a Kafka client for no-such-host.invalid:9092: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void theMetadataVersionIsNamedByTheGivenTable() {
        FinalizedVersionRange mv = mock(FinalizedVersionRange.class);
        when(mv.maxVersionLevel()).thenReturn((short) 33);
        assertThat(AdminClusterReader.metadataVersion(Map.of("metadata.version", mv),
                level -> level == 33 ? "4.4-IV2 (level 33)" : "level " + level)).contains("4.4-IV2 (level 33)");
        assertThat(AdminClusterReader.metadataVersion(Map.of(), level -> "level " + level)).isEmpty();
    }
}
