package dev.kafkachatops.localkafka;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.nio.file.LinkOption;

/**
 * Real Kafka broker distributions for any released version, built from Maven Central.
 *
 * <p>{@link #ensure(String)} returns {@code <cacheRoot>/kafka_2.13-<version>}, laid out like
 * the {@code libs/} and {@code config/} folders of the release tarball (no {@code bin/}):
 * <ol>
 *   <li>fast path: the folder exists and holds its {@code VERSION} marker, return it;</li>
 *   <li>otherwise take an in-process lock and a file lock on {@code .locks/<name>.lock}
 *       (so concurrent threads and processes build a version once), check again;</li>
 *   <li>resolve {@code kafka_2.13} and {@code kafka-tools} with their runtime dependencies
 *       (see {@link KafkaArtifactResolver}), plus an SLF4J binding for the broker's logging
 *       backend, and hard-link (or copy) the jars into a temporary folder's {@code libs/};</li>
 *   <li>write the log configuration into {@code config/} and the {@code VERSION} marker last;</li>
 *   <li>rename the temporary folder to its final name atomically.</li>
 * </ol>
 * A reader never sees a half-built distribution: the final name appears only complete.
 */
public final class KafkaDistributions {

  public static final String SCALA_VERSION = "2.13";
  public static final String FOLDER_PREFIX = "kafka_" + SCALA_VERSION + "-";
  /** Marker written last into a complete distribution (and copied into every install). */
  public static final String VERSION_FILE = "VERSION";
  /** Log4j 1 (reload4j) configuration of 3.x and older, used with {@code -Dlog4j.configuration}. */
  public static final String LOG4J1_CONFIG = "log4j.properties";
  /** Log4j 2 configuration of 4.x, used with {@code -Dlog4j2.configurationFile}. */
  public static final String LOG4J2_CONFIG = "log4j2.xml";

  private static final Logger LOG = LoggerFactory.getLogger(KafkaDistributions.class);
  private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");
  private static final Pattern FOLDER = Pattern.compile(Pattern.quote(FOLDER_PREFIX) + "(\\d+\\.\\d+\\.\\d+)");
  private static final Map<Path, ReentrantLock> IN_PROCESS_LOCKS = new ConcurrentHashMap<>();

  private final Path cacheRoot;
  private final Path localRepository;

  /** Uses {@link #defaultCacheRoot()}. */
  public KafkaDistributions() {
    this(defaultCacheRoot());
  }

  /** Resolves through the user's Maven local repository ({@link #defaultLocalRepository()}). */
  public KafkaDistributions(Path cacheRoot) {
    this(cacheRoot, defaultLocalRepository());
  }

  public KafkaDistributions(Path cacheRoot, Path localRepository) {
    this.cacheRoot = cacheRoot.toAbsolutePath().normalize();
    this.localRepository = localRepository.toAbsolutePath().normalize();
  }

  /** {@code ~/.cache/kafka-chatops/dists}. */
  public static Path defaultCacheRoot() {
    return Path.of(System.getProperty("user.home"), ".cache", "kafka-chatops", "dists");
  }

  /** {@code -Dmaven.repo.local} when set (as Maven itself does), else {@code ~/.m2/repository}. */
  public static Path defaultLocalRepository() {
    String configured = System.getProperty("maven.repo.local");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("user.home"), ".m2", "repository");
  }

  /** Strictly {@code MAJOR.MINOR.PATCH} digits, e.g. {@code 3.9.1}. */
  public static boolean isValidVersion(String v) {
    return v != null && VERSION.matcher(v).matches();
  }

  /** {@code kafka_2.13-<version>}, the name of a distribution and of an install folder. */
  public static String folderName(String version) {
    requireValidVersion(version);
    return FOLDER_PREFIX + version;
  }

  /** The version in a folder name {@code kafka_2.13-<version>}, if it is one. */
  public static Optional<String> versionOfFolder(String folderName) {
    Matcher m = FOLDER.matcher(folderName);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  public Path cacheRoot() {
    return cacheRoot;
  }

  public Path localRepository() {
    return localRepository;
  }

  /** Where {@link #ensure(String)} puts a version; it may not exist yet. */
  public Path pathOf(String version) {
    return cacheRoot.resolve(folderName(version));
  }

  /** True when the version is already complete in the cache. */
  public boolean isCached(String version) {
    return Files.isRegularFile(pathOf(version).resolve(VERSION_FILE));
  }

  /**
   * Returns the distribution folder of {@code version}, building it on the first call.
   *
   * @throws IllegalArgumentException when the version is not {@code MAJOR.MINOR.PATCH}
   * @throws IOException when Maven Central does not have it or cannot be reached
   */
  public Path ensure(String version) throws IOException {
    requireValidVersion(version);
    Path target = pathOf(version);
    if (isCached(version)) {
      return target;
    }
    Files.createDirectories(cacheRoot.resolve(".locks"));
    Path lockFile = cacheRoot.resolve(".locks").resolve(folderName(version) + ".lock");
    ReentrantLock local = IN_PROCESS_LOCKS.computeIfAbsent(lockFile, p -> new ReentrantLock());
    local.lock();
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
         FileLock ignored = channel.lock()) {
      if (isCached(version)) {
        return target;
      }
      if (Files.exists(target)) { // incomplete, e.g. emptied by hand: rebuild it
        deleteTree(target);
      }
      long t0 = System.nanoTime();
      build(version, target);
      LOG.info("Kafka {} distribution ready in {} ms at {}", version, (System.nanoTime() - t0) / 1_000_000, target);
      return target;
    } finally {
      local.unlock();
    }
  }

  private void build(String version, Path target) throws IOException {
    List<Path> jars = new KafkaArtifactResolver(localRepository).resolve(version);
    Path tmp = cacheRoot.resolve(".tmp-" + folderName(version) + "-" + UUID.randomUUID());
    try {
      Path libs = Files.createDirectories(tmp.resolve("libs"));
      for (Path jar : jars) {
        linkOrCopy(jar, libs.resolve(jar.getFileName().toString()));
      }
      Path config = Files.createDirectories(tmp.resolve("config"));
      String logConfig = hasLog4j2(jars) ? LOG4J2_CONFIG : LOG4J1_CONFIG;
      try (InputStream in = KafkaDistributions.class.getResourceAsStream("/localkafka/" + logConfig)) {
        if (in == null) {
          throw new IOException("Missing resource /localkafka/" + logConfig);
        }
        Files.copy(in, config.resolve(logConfig));
      }
      Files.writeString(tmp.resolve(VERSION_FILE), version + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("Cannot rename " + tmp + " to " + target + " atomically", e);
      }
    } finally {
      if (Files.exists(tmp)) {
        deleteTree(tmp);
      }
    }
  }

  private static boolean hasLog4j2(List<Path> jars) {
    return jars.stream().anyMatch(j -> j.getFileName().toString().startsWith("log4j-core-2."));
  }

  private static void linkOrCopy(Path source, Path target) throws IOException {
    if (Files.exists(target)) {
      throw new FileAlreadyExistsException(target + " (two artifacts with the same file name)");
    }
    try {
      Files.createLink(target, source);
    } catch (IOException | UnsupportedOperationException e) {
      Files.copy(source, target);
    }
  }

  static void requireValidVersion(String version) {
    if (!isValidVersion(version)) {
      throw new IllegalArgumentException("Not a Kafka version (MAJOR.MINOR.PATCH expected): '" + version + "'");
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<Path> all = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) { // does not follow symbolic links
      walk.forEach(all::add);
    }
    all.sort(Comparator.reverseOrder());
    for (Path p : all) {
      Files.deleteIfExists(p);
    }
  }
}
