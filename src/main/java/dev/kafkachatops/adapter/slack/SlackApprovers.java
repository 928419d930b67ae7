package dev.kafkachatops.adapter.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.port.ApproverDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Approvers and operators from the config; user groups expanded with {@code usergroups.users.list}, cached for 5
 * minutes (one cache for both: a group may be named in either). When Slack is rate limiting or down the question
 * waits for Slack's answer (its {@code Retry-After}, else a backoff) for up to {@code patience}, so an approver's
 * reaction or an operator's plan is not refused for it; if Slack still does not answer, the last known members are
 * used. An answer that names a problem with the group ({@code no_such_subteam}: groups are named by
 * their id, {@code S...}; {@code plan_upgrade_required}; {@code missing_scope}) is logged, no member of that group
 * counts, and {@link #unreadableGroups} names it (a refused approval says so).
 */
public final class SlackApprovers implements ApproverDirectory {
    private static final Logger log = LoggerFactory.getLogger(SlackApprovers.class);
    private final MethodsClient client;
    private final Function<String, Optional<BotConfig.Cluster>> clusters;
    private final Clock clock;
    private final Duration patience;
    private final Map<String, Map.Entry<Instant, List<String>>> cache = new ConcurrentHashMap<>();
    /** Groups Slack would not list at the last try, with its answer. */
    private final Map<String, String> unreadable = new ConcurrentHashMap<>();

    public SlackApprovers(MethodsClient client, Function<String, Optional<BotConfig.Cluster>> clusters, Clock clock) {
        this(client, clusters, clock, Duration.ofMinutes(2));
    }

    public SlackApprovers(MethodsClient client, Function<String, Optional<BotConfig.Cluster>> clusters, Clock clock,
                          Duration patience) {
        this.client = client;
        this.clusters = clusters;
        this.clock = clock;
        this.patience = patience;
    }

    @Override
    public boolean isApprover(String clusterName, String user) {
        return clusters.apply(clusterName).map(c -> member(c.approvals().users(), c.approvals().groups(), user))
                .orElse(false);
    }

    @Override
    public boolean isOperator(String clusterName, String user) {
        return clusters.apply(clusterName).flatMap(BotConfig.Cluster::operators)
                .map(o -> member(o.users(), o.groups(), user)).orElse(false);
    }

    @Override
    public List<String> unreadableGroups(String clusterName) {
        return clusters.apply(clusterName).map(c -> {
            List<String> groups = new ArrayList<>(c.approvals().groups());
            c.operators().ifPresent(o -> groups.addAll(o.groups()));
            return groups.stream().distinct().filter(unreadable::containsKey)
                    .map(g -> "<!subteam^" + g + "> (" + unreadable.get(g) + ")").toList();
        }).orElse(List.of());
    }

    /** One of {@code users}, or a member of one of {@code groups}. */
    private boolean member(List<String> users, List<String> groups, String user) {
        if (users.contains(user)) return true;
        for (String group : groups) {
            var cached = cache.get(group);
            if (cached == null || cached.getKey().isBefore(clock.instant().minusSeconds(300))) {
                Optional<List<String>> members = members(group);
                if (members.isPresent()) unreadable.remove(group);
                if (members.isPresent()) {
                    cached = Map.entry(clock.instant(), members.get());
                    cache.put(group, cached);
                } else if (cached == null) {
                    continue;
                }
            }
            if (cached.getValue().contains(user)) return true;
        }
        return false;
    }

    /** The group's members, asking again while Slack says "later"; empty when Slack refused or never answered. */
    private Optional<List<String>> members(String group) {
        Instant deadline = clock.instant().plus(patience);
        for (int attempt = 1; ; attempt++) {
            Duration wait;
            try {
                var r = client.usergroupsUsersList(x -> x.usergroup(group));
                if (r.isOk()) return Optional.of(r.getUsers() == null ? List.of() : r.getUsers());
                if (!"ratelimited".equals(r.getError()) && !"internal_error".equals(r.getError())) {
                    log.warn("usergroups.users.list {} answered {}: no member of this group counts as an approver "
                            + "or operator (groups are named by their id, S...)", group, SlackSender.withNeeded(r));
                    unreadable.put(group, SlackSender.withNeeded(r));
                    return Optional.empty();
                }
                wait = backoff(attempt);
            } catch (SlackApiException e) {
                int status = e.getResponse() == null ? 0 : e.getResponse().code();
                if (status != 429 && status < 500) {
                    log.warn("usergroups.users.list {} failed: HTTP {}", group, status);
                    unreadable.put(group, "HTTP " + status);
                    return Optional.empty();
                }
                wait = SlackSender.retryAfter(e).filter(d -> !d.isZero()).orElse(backoff(attempt));
            } catch (IOException e) {
                wait = backoff(attempt);
            }
            if (clock.instant().plus(wait).isAfter(deadline)) {
                log.warn("usergroups.users.list {}: Slack did not answer within {}", group, patience);
                unreadable.put(group, "no answer within " + patience.toSeconds() + " s");
                return Optional.empty();
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    private static Duration backoff(int attempt) {
        return Duration.ofSeconds(Math.min(30, 1L << Math.min(5, attempt - 1)));
    }
}
