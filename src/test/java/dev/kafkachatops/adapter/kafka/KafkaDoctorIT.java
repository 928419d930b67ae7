package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.TestClusters;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.doctor.Check;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * doctor's permission check against a broker with Kafka's own authorizer ({@code StandardAuthorizer}): the
 * principal (ANONYMOUS on PLAINTEXT) is allowed everything on the cluster but denied ALTER and ALTER_CONFIGS, and
 * the check names exactly those two.
 */
class KafkaDoctorIT {

    @Test
    void aPrincipalDeniedAlterIsNamedWithTheGrantToAdd() throws Exception {
        Map<String, String> authorizer = Map.of("authorizer.class.name",
                "org.apache.kafka.metadata.authorizer.StandardAuthorizer", "allow.everyone.if.no.acl.found", "true");
        try (KafkaClusterTestKit kafka = TestClusters.start(1, Map.of(0, authorizer))) {
            BotConfig.Cluster cluster = new BotConfig.Cluster("secured", kafka.bootstrapServers(), Map.of(),
                    List.of("C1"), null, List.of(), List.of(), Map.of()); // approvals: not read by doctor
            assertThat(KafkaDoctor.check(cluster, Duration.ofSeconds(10))).extracting(Check::outcome)
                    .as("no ACLs yet: everyone may").containsExactly(Check.Outcome.PASS, Check.Outcome.PASS);
            try (Admin admin = AdminClients.create(kafka.bootstrapServers(), Map.of(), Duration.ofSeconds(15))) {
                ResourcePattern clusterResource = new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster",
                        PatternType.LITERAL);
                admin.createAcls(List.of(
                        new AclBinding(clusterResource, new AccessControlEntry("User:ANONYMOUS", "*",
                                AclOperation.ALL, AclPermissionType.ALLOW)),
                        new AclBinding(clusterResource, new AccessControlEntry("User:ANONYMOUS", "*",
                                AclOperation.ALTER, AclPermissionType.DENY)),
                        new AclBinding(clusterResource, new AccessControlEntry("User:ANONYMOUS", "*",
                                AclOperation.ALTER_CONFIGS, AclPermissionType.DENY)))).all().get();
            }
            List<Check> checks = List.of();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) { // the ACLs reach the broker through the metadata log
                checks = KafkaDoctor.check(cluster, Duration.ofSeconds(10));
                if (checks.get(1).failed()) break;
                Thread.sleep(200);
            }
            assertThat(checks.get(0).outcome()).isEqualTo(Check.Outcome.PASS);
            assertThat(checks.get(1).outcome()).isEqualTo(Check.Outcome.FAIL);
            assertThat(checks.get(1).detail()).isEqualTo("the principal may not ALTER, ALTER_CONFIGS the cluster");
            assertThat(checks.get(1).fix()).startsWith("grant the bot's principal ALTER, ALTER_CONFIGS on the "
                    + "cluster resource");
        }
    }
}
