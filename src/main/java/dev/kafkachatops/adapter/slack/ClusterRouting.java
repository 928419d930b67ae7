package dev.kafkachatops.adapter.slack;

import dev.kafkachatops.config.BotConfig;

import java.util.List;
import java.util.Optional;

/**
 * Which cluster a command from a channel is for: the one named with {@code --cluster}, else the only cluster
 * this channel may operate, else the default cluster if this channel may operate it. Anything else is a
 * one-line error that says how to fix it.
 */
public final class ClusterRouting {
    private ClusterRouting() {
    }

    public sealed interface Result {
        record Found(BotConfig.Cluster cluster) implements Result {
        }

        record Refused(String message) implements Result {
        }
    }

    /** Channels by id only: the configured names were resolved to ids when the bot started. */
    public static Result route(BotConfig config, Optional<String> requested, String channelId) {
        List<BotConfig.Cluster> allowed = config.clusters().stream().filter(c -> c.allowsChannel(channelId)).toList();
        if (requested.isPresent()) {
            Optional<BotConfig.Cluster> c = config.cluster(requested.get());
            if (c.isEmpty()) {
                return new Result.Refused("Unknown cluster `" + requested.get() + "`. Known clusters: "
                        + names(config.clusters()) + ".");
            }
            if (!c.get().allowsChannel(channelId)) {
                return new Result.Refused("Cluster `" + c.get().name() + "` cannot be operated from this channel. "
                        + "Allowed channels: " + String.join(", ", c.get().channels().stream()
                        .map(id -> id.equals("*") ? "any" : "<#" + id + ">").toList()) + ".");
            }
            return new Result.Found(c.get());
        }
        if (allowed.size() == 1) return new Result.Found(allowed.get(0));
        if (allowed.isEmpty()) {
            return new Result.Refused("No cluster may be operated from this channel. Add it to a cluster's "
                    + "`channels:` in the bot's configuration.");
        }
        Optional<BotConfig.Cluster> def = config.defaultCluster().flatMap(config::cluster)
                .filter(allowed::contains);
        return def.<Result>map(Result.Found::new).orElseGet(() -> new Result.Refused("This channel can operate "
                + "several clusters: add `--cluster NAME` (one of " + names(allowed) + ")."));
    }

    private static String names(List<BotConfig.Cluster> clusters) {
        return String.join(", ", clusters.stream().map(c -> "`" + c.name() + "`").toList());
    }
}
