package dev.kafkachatops.localkafka;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.ExecutorService;

/**
 * A Kafka release mirror on loopback, laid out like Apache's ({@code <url>/<version>/kafka_2.13-<version>.tgz} and
 * its {@code .sha512} in {@code sha512sum} form), for the sandbox's {@code hosts.mirror}: any release on Maven
 * Central can be installed on the sandbox's hosts by an upgrade's INSTALL steps, the same way as from a real mirror.
 *
 * <p>An archive is built on its first request: the distribution from {@link KafkaDistributions#ensure} (jars from
 * Maven Central) packed with {@code tar -czh} into {@code <cache>/<version>/}, its SHA-512 written beside it; both
 * appear atomically, so a reader never sees half an archive. Versions not on Maven Central answer 404.
 */
public final class LocalMirror implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalMirror.class);
  private static final Pattern PATH = Pattern.compile("/kafka/(\\d+\\.\\d+\\.\\d+)/"
      + Pattern.quote(KafkaDistributions.FOLDER_PREFIX) + "(\\d+\\.\\d+\\.\\d+)\\.tgz(\\.sha512)?");

  private final KafkaDistributions distributions;
  private final Path cache;
  private final HttpServer server;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  private LocalMirror(KafkaDistributions distributions, Path cache, HttpServer server) {
    this.distributions = distributions;
    this.cache = cache;
    this.server = server;
  }

  /** {@code ~/.cache/kafka-chatops/mirror}, beside the distributions. */
  public static Path defaultCache() {
    return KafkaDistributions.defaultCacheRoot().resolveSibling("mirror");
  }

  /** Starts the mirror on a free loopback port; archives are kept in {@code cache}. */
  public static LocalMirror start(KafkaDistributions distributions, Path cache) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    LocalMirror mirror = new LocalMirror(distributions, cache.toAbsolutePath().normalize(), server);
    server.createContext("/", mirror::handle);
    server.setExecutor(Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "local-mirror");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return mirror;
  }

  /** The mirror's base URL, for {@code hosts.mirror}: {@code http://127.0.0.1:<port>/kafka}. */
  public String url() {
    return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort()
        + "/kafka";
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      Matcher m = PATH.matcher(ex.getRequestURI().getPath());
      if (!"GET".equals(ex.getRequestMethod()) || !m.matches() || !m.group(1).equals(m.group(2))) {
        send(ex, 404, "not found\n");
        return;
      }
      Path archive;
      try {
        archive = archive(m.group(1));
      } catch (IOException e) {
        LOG.info("local mirror: no Kafka {} ({})", m.group(1), e.getMessage());
        send(ex, 404, "Kafka " + m.group(1) + " is not available: " + e.getMessage() + "\n");
        return;
      }
      Path file = m.group(3) == null ? archive : sumFile(archive);
      ex.getResponseHeaders().set("Content-Type", m.group(3) == null ? "application/gzip" : "text/plain");
      ex.sendResponseHeaders(200, Files.size(file));
      try (OutputStream out = ex.getResponseBody()) {
        Files.copy(file, out);
      }
    }
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  private static Path sumFile(Path archive) {
    return archive.resolveSibling(archive.getFileName() + ".sha512");
  }

  /** The release archive of {@code version}, built once (its checksum file is written last). */
  Path archive(String version) throws IOException {
    String folder = KafkaDistributions.folderName(version);
    Path dir = cache.resolve(version);
    Path archive = dir.resolve(folder + ".tgz");
    synchronized (locks.computeIfAbsent(version, v -> new Object())) {
      if (Files.isRegularFile(sumFile(archive))) return archive;
      Path dist = distributions.ensure(version);
      Files.createDirectories(dir);
      long t0 = System.nanoTime();
      Path tmp = dir.resolve("." + folder + ".tgz.tmp-" + UUID.randomUUID());
      try {
        tar(dist, tmp);
        String sum = sha512(tmp);
        Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Path sumTmp = dir.resolve("." + folder + ".sha512.tmp-" + UUID.randomUUID());
        Files.writeString(sumTmp, sum + "  " + archive.getFileName() + "\n", StandardCharsets.UTF_8);
        Files.move(sumTmp, sumFile(archive), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
      LOG.info("local mirror: Kafka {} archive ready in {} ms ({} MB)", version,
          (System.nanoTime() - t0) / 1_000_000, Files.size(archive) / 1_000_000);
      return archive;
    }
  }

  /** {@code tar -czhf}: the distribution folder with its jars dereferenced (they may be links into the cache). */
  private static void tar(Path dist, Path out) throws IOException {
    Process p = new ProcessBuilder("tar", "-czhf", out.toString(), "-C", dist.getParent().toString(),
        dist.getFileName().toString()).redirectErrorStream(true).start();
    String output;
    try (InputStream in = p.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("tar of " + dist + " failed: " + output.strip());
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while packing " + dist, e);
    }
  }

  private static String sha512(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  @Override
  public void close() {
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }
}
