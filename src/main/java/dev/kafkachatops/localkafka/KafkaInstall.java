package dev.kafkachatops.localkafka;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The install layout of one simulated host, as operators lay Kafka out by hand:
 * <pre>
 *   &lt;usrLocal&gt;/kafka_2.13-3.9.1/libs/*.jar   symbolic links into the cached distribution
 *   &lt;usrLocal&gt;/kafka_2.13-3.9.1/config/      copied from the distribution (log config),
 *                                          plus the node's server.properties
 *   &lt;usrLocal&gt;/kafka_2.13-3.9.1/VERSION
 *   &lt;usrLocal&gt;/kafka -&gt; kafka_2.13-3.9.1      relative symbolic link, the "current" version
 * </pre>
 * An upgrade installs another versioned folder beside the first, copies the configuration
 * into it and {@link #link relinks} {@code kafka}. All methods are static and idempotent.
 */
public final class KafkaInstall {

  /** Name of the symbolic link to the current version, as in {@code /usr/local/kafka}. */
  public static final String LINK_NAME = "kafka";
  public static final String SERVER_PROPERTIES = "server.properties";

  private KafkaInstall() {
  }

  /**
   * Lays out {@code <usrLocal>/kafka_2.13-<version>} for a distribution made by
   * {@link KafkaDistributions#ensure}: {@code libs/} of symbolic links to its jars, a copy
   * of its {@code config/} files and its {@code VERSION}. An existing complete folder is
   * left as it is (its config may have been edited). Returns the versioned folder.
   */
  public static Path install(Path distribution, Path usrLocal) throws IOException {
    String folder = distribution.getFileName().toString();
    String version = KafkaDistributions.versionOfFolder(folder)
        .orElseThrow(() -> new IllegalArgumentException("Not a distribution folder: " + distribution));
    if (!Files.isRegularFile(distribution.resolve(KafkaDistributions.VERSION_FILE))) {
      throw new IOException("Incomplete distribution (no VERSION file): " + distribution);
    }
    Path target = usrLocal.resolve(folder);
    if (Files.isRegularFile(target.resolve(KafkaDistributions.VERSION_FILE))) {
      return target;
    }
    Files.createDirectories(usrLocal);
    Path tmp = usrLocal.resolve("." + folder + ".tmp-" + UUID.randomUUID());
    try {
      Path libs = Files.createDirectories(tmp.resolve("libs"));
      for (Path jar : list(distribution.resolve("libs"))) {
        Files.createSymbolicLink(libs.resolve(jar.getFileName()), jar.toAbsolutePath());
      }
      Path config = Files.createDirectories(tmp.resolve("config"));
      for (Path file : list(distribution.resolve("config"))) {
        Files.copy(file, config.resolve(file.getFileName()));
      }
      Files.writeString(tmp.resolve(KafkaDistributions.VERSION_FILE), version + "\n");
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) { // incomplete leftover
        KafkaDistributions.deleteTree(target);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } finally {
      KafkaDistributions.deleteTree(tmp);
    }
  }

  /**
   * Points {@code <usrLocal>/kafka} at {@code kafka_2.13-<version>} with a relative symbolic
   * link, replacing an existing link in one atomic rename. The versioned folder must exist.
   */
  public static Path link(Path usrLocal, String version) throws IOException {
    Path folder = Path.of(KafkaDistributions.folderName(version));
    if (!Files.isDirectory(usrLocal.resolve(folder))) {
      throw new IOException("Kafka " + version + " is not installed in " + usrLocal);
    }
    Path link = usrLocal.resolve(LINK_NAME);
    if (Files.exists(link, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(link)) {
      throw new IOException(link + " exists and is not a symbolic link");
    }
    Path tmp = usrLocal.resolve("." + LINK_NAME + ".tmp-" + UUID.randomUUID());
    Files.createSymbolicLink(tmp, folder);
    try {
      Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return link;
  }

  /** The version the link points at, read from the target folder's name. */
  public static Optional<String> linkedVersion(Path link) throws IOException {
    if (!Files.isSymbolicLink(link)) {
      return Optional.empty();
    }
    Path target = Files.readSymbolicLink(link);
    return KafkaDistributions.versionOfFolder(target.getFileName().toString());
  }

  /** The versions installed under {@code usrLocal} (versioned folders), sorted by name. */
  public static List<String> installedVersions(Path usrLocal) throws IOException {
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(usrLocal)) {
      return out;
    }
    for (Path p : list(usrLocal)) {
      if (!Files.isSymbolicLink(p) && Files.isDirectory(p)) {
        KafkaDistributions.versionOfFolder(p.getFileName().toString()).ifPresent(out::add);
      }
    }
    return out;
  }

  /**
   * The JVM option that points the broker's logging backend at the install's log config:
   * {@code -Dlog4j2.configurationFile=...} when the libs hold log4j-core 2 (Kafka 4.x),
   * else {@code -Dlog4j.configuration=file:...} (reload4j / log4j 1). Paths go through
   * {@code install} as given, e.g. through the {@code kafka} link.
   */
  public static Optional<String> loggingJvmOption(Path install) throws IOException {
    boolean log4j2;
    try (Stream<Path> libs = Files.list(install.resolve("libs"))) {
      log4j2 = libs.anyMatch(p -> p.getFileName().toString().startsWith("log4j-core-2."));
    }
    Path config = install.resolve("config");
    if (log4j2 && Files.exists(config.resolve(KafkaDistributions.LOG4J2_CONFIG))) {
      return Optional.of("-Dlog4j2.configurationFile=" + config.resolve(KafkaDistributions.LOG4J2_CONFIG));
    }
    if (!log4j2 && Files.exists(config.resolve(KafkaDistributions.LOG4J1_CONFIG))) {
      return Optional.of("-Dlog4j.configuration=" + config.resolve(KafkaDistributions.LOG4J1_CONFIG).toUri());
    }
    return Optional.empty();
  }

  private static List<Path> list(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      ds.forEach(out::add);
    }
    out.sort(null);
    return out;
  }
}
