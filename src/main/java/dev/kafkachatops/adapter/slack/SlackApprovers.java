package dev.kafkachatops.adapter.slack;

import com.slack.api.methods.MethodsClient;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.port.ApproverDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Approvers from the config; user groups expanded with {@code usergroups.users.list}, cached for 5 minutes. */
public final class SlackApprovers implements ApproverDirectory {
    private static final Logger log = LoggerFactory.getLogger(SlackApprovers.class);
    private final MethodsClient client;
    private final Function<String, Optional<BotConfig.Cluster>> clusters;
    private final Clock clock;
    private final Map<String, Map.Entry<Instant, List<String>>> cache = new ConcurrentHashMap<>();

    public SlackApprovers(MethodsClient client, Function<String, Optional<BotConfig.Cluster>> clusters, Clock clock) {
        this.client = client;
        this.clusters = clusters;
        this.clock = clock;
    }

    @Override
    public boolean isApprover(String clusterName, String user) {
        BotConfig.Cluster cluster = clusters.apply(clusterName).orElse(null);
        if (cluster == null) return false;
        if (cluster.approvals().users().contains(user)) return true;
        for (String group : cluster.approvals().groups()) {
            var cached = cache.get(group);
            if (cached == null || cached.getKey().isBefore(clock.instant().minusSeconds(300))) {
                try {
                    var r = client.usergroupsUsersList(x -> x.usergroup(group));
                    List<String> users = r.isOk() && r.getUsers() != null ? r.getUsers() : List.of();
                    cached = Map.entry(clock.instant(), users);
                    cache.put(group, cached);
                } catch (Exception e) {
                    log.warn("usergroups.users.list {} failed: {}", group, e.getMessage());
                    continue;
                }
            }
            if (cached.getValue().contains(user)) return true;
        }
        return false;
    }
}
