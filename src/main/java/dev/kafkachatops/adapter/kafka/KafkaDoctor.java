package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.doctor.Check;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.TimeoutException;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code doctor}'s Kafka checks for one cluster: it answers {@code describeCluster} with the configured client
 * properties within a short timeout, and the bot's principal is allowed what it needs on the cluster (Kafka's
 * {@code includeAuthorizedOperations}): DESCRIBE and DESCRIBE_CONFIGS to read it, ALTER (reassignments, leader
 * elections) and ALTER_CONFIGS (throttles, feature levels) to change it. Without an authorizer Kafka reports no
 * operations at all, and nothing can be checked.
 */
public final class KafkaDoctor {
    /** What the bot does on the cluster resource. */
    public static final Set<AclOperation> NEEDED = EnumSet.of(AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS,
            AclOperation.ALTER, AclOperation.ALTER_CONFIGS);

    private KafkaDoctor() {
    }

    public static List<Check> check(BotConfig.Cluster cluster, Duration timeout) {
        String area = "kafka " + cluster.name();
        Admin admin;
        try {
            admin = AdminClients.create(cluster.bootstrapServers(), cluster.clientProperties(), timeout);
        } catch (IllegalArgumentException e) {
            return List.of(Check.fail(area, "reachable", e.getMessage(), "fix bootstrapServers or clientProperties"),
                    Check.skip(area, "authorized", "the cluster is not reachable"));
        }
        try {
            int ms = (int) timeout.toMillis();
            DescribeClusterResult r = admin.describeCluster(new DescribeClusterOptions().timeoutMs(ms)
                    .includeAuthorizedOperations(true));
            long wait = ms + 2000L; // the request's own timeout answers first
            int nodes = r.nodes().get(wait, TimeUnit.MILLISECONDS).size();
            String id = r.clusterId().get(wait, TimeUnit.MILLISECONDS);
            Set<AclOperation> ops = r.authorizedOperations().get(wait, TimeUnit.MILLISECONDS);
            return List.of(Check.pass(area, "reachable", "cluster " + id + ", " + nodes + " broker(s) at "
                    + cluster.bootstrapServers()), authorized(area, ops));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of(Check.fail(area, "reachable", "interrupted", "run doctor again"));
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e : new TimeoutException(e.getMessage());
            return List.of(Check.fail(area, "reachable", KafkaErrors.describe(cluster.name(),
                            cluster.bootstrapServers(), timeout, cause),
                    "check bootstrapServers, that this machine reaches the brokers, and the security "
                            + "clientProperties (SASL/TLS) of the cluster"),
                    Check.skip(area, "authorized", "the cluster is not reachable"));
        } finally {
            admin.close(Duration.ofSeconds(2));
        }
    }

    private static Check authorized(String area, Set<AclOperation> ops) {
        if (ops == null || ops.isEmpty()) return Check.skip(area, "authorized", "no authorizer: not checked");
        Set<AclOperation> missing = EnumSet.copyOf(NEEDED);
        missing.removeAll(ops);
        if (ops.contains(AclOperation.ALL)) missing.clear();
        if (missing.isEmpty()) {
            return Check.pass(area, "authorized", "the principal may " + names(NEEDED) + " the cluster");
        }
        return Check.fail(area, "authorized", "the principal may not " + names(missing) + " the cluster",
                "grant the bot's principal " + names(missing) + " on the cluster resource (kafka-acls.sh --add "
                        + "--allow-principal User:<bot> --operation <op> --cluster)");
    }

    private static String names(Set<AclOperation> ops) {
        return ops.stream().map(AclOperation::name).collect(Collectors.joining(", "));
    }
}
