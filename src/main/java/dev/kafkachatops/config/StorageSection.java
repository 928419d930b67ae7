package dev.kafkachatops.config;

import dev.kafkachatops.command.Values;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** Reads the {@code storage} section: the JDBC database (default an embedded H2 file) and the data folder. */
final class StorageSection {
    private StorageSection() {
    }

    static BotConfig.Storage read(YamlNode n) {
        n.expectObject();
        n.allowOnly(Set.of("jdbcUrl", "user", "dataDir", "clusterCheckinInterval"));
        Path dataDir = n.get("dataDir").parsed(Path::of).orElse(Path.of("data"));
        // Default: an embedded H2 file database in the data folder (nothing to install).
        String url = n.get("jdbcUrl").parsed(s -> {
            if (!s.startsWith("jdbc:h2:") && !s.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("must be a jdbc:h2: or jdbc:postgresql: URL");
            }
            return s;
        }).orElse("jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("kafka-chatops"));
        // PostgreSQL: how often this instance checks in with the Quartz cluster (a dead one is taken over after about
        // this plus 7.5 s); 1 s to 60 s.
        Duration checkin = n.get("clusterCheckinInterval").parsed(Values::duration)
                .orElse(BotConfig.Storage.DEFAULT_CLUSTER_CHECKIN);
        if (checkin.compareTo(Duration.ofSeconds(1)) < 0 || checkin.compareTo(Duration.ofSeconds(60)) > 0) {
            n.get("clusterCheckinInterval").problem("must be between 1s and 60s");
            checkin = BotConfig.Storage.DEFAULT_CLUSTER_CHECKIN;
        }
        return new BotConfig.Storage(url, n.get("user").string(), dataDir, checkin);
    }
}
