package dev.kafkachatops.config;

import java.nio.file.Path;
import java.util.Set;

/** Reads the {@code storage} section: the JDBC database (default an embedded H2 file) and the data folder. */
final class StorageSection {
    private StorageSection() {
    }

    static BotConfig.Storage read(YamlNode n) {
        n.expectObject();
        n.allowOnly(Set.of("jdbcUrl", "user", "dataDir"));
        Path dataDir = n.get("dataDir").parsed(Path::of).orElse(Path.of("data"));
        // Default: an embedded H2 file database in the data folder (nothing to install).
        String url = n.get("jdbcUrl").parsed(s -> {
            if (!s.startsWith("jdbc:h2:") && !s.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("must be a jdbc:h2: or jdbc:postgresql: URL");
            }
            return s;
        }).orElse("jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("kafka-chatops"));
        return new BotConfig.Storage(url, n.get("user").string(), dataDir);
    }
}
