package dev.kafkachatops.localkafka;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.transfer.ArtifactNotFoundException;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * Resolves the jars of one Kafka broker release from Maven Central with Maven Resolver.
 *
 * <p>Roots: {@code org.apache.kafka:kafka_2.13} (the broker, {@code kafka.Kafka} and
 * {@code kafka.tools.StorageTool}) and {@code org.apache.kafka:kafka-tools} (the CLI
 * commands), runtime scope. Neither pom brings an SLF4J binding, so one is added that
 * matches the logging backend found on the runtime path:
 * <ul>
 *   <li>log4j-core 2.x (Kafka 4.x): {@code log4j-slf4j2-impl} (or {@code log4j-slf4j-impl}
 *       for an SLF4J 1.x API) at the same version as log4j-core;</li>
 *   <li>otherwise log4j 1 / reload4j (Kafka 3.x and older): {@code slf4j-reload4j} at the
 *       SLF4J API's version (or {@code slf4j-log4j12} before SLF4J 1.7.33), plus reload4j
 *       itself when neither reload4j nor log4j 1 is present.</li>
 * </ul>
 * The binding is added without its own dependencies so the broker keeps one SLF4J API.
 * The user's local repository is shared with Maven, under cross-process file locks.
 */
final class KafkaArtifactResolver {

  static final String CENTRAL_URL = "https://repo.maven.apache.org/maven2/";
  private static final List<String> SLF4J_BINDINGS = List.of(
      "slf4j-reload4j", "slf4j-log4j12", "log4j-slf4j-impl", "log4j-slf4j2-impl",
      "logback-classic", "slf4j-simple", "slf4j-jdk14");

  private final Path localRepository;

  KafkaArtifactResolver(Path localRepository) {
    this.localRepository = localRepository;
  }

  /** The jar files (in the local repository) of the broker, its tools and a logging binding. */
  List<Path> resolve(String version) throws IOException {
    RepositorySystem system = new RepositorySystemSupplier().get();
    try {
      RepositorySystemSession session = newSession(system);
      RemoteRepository central = new RemoteRepository.Builder("central", "default", CENTRAL_URL).build();
      Artifact broker = new DefaultArtifact("org.apache.kafka", "kafka_" + KafkaDistributions.SCALA_VERSION, "jar", version);
      Artifact tools = new DefaultArtifact("org.apache.kafka", "kafka-tools", "jar", version);
      requireRelease(system, session, central, broker, version);

      Map<String, Artifact> byKey = new LinkedHashMap<>();
      for (Artifact a : resolveWithDependencies(system, session, central, List.of(broker, tools), version)) {
        byKey.put(a.getGroupId() + ":" + a.getArtifactId(), a);
      }
      for (Artifact extra : loggingAdditions(byKey)) {
        byKey.put(extra.getGroupId() + ":" + extra.getArtifactId(), resolveOne(system, session, central, extra, version));
      }
      List<Path> jars = new ArrayList<>();
      for (Artifact a : byKey.values()) {
        if (a.getFile() != null && a.getFile().getName().endsWith(".jar")) {
          jars.add(a.getFile().toPath());
        }
      }
      return jars;
    } finally {
      system.shutdown();
    }
  }

  private RepositorySystemSession newSession(RepositorySystem system) {
    DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
    session.setLocalRepositoryManager(system.newLocalRepositoryManager(session, new LocalRepository(localRepository.toFile())));
    session.setSystemProperties(System.getProperties());
    // Maven and other JVMs may use the same local repository at the same time.
    session.setConfigProperty("aether.syncContext.named.factory", "file-lock");
    session.setConfigProperty("aether.syncContext.named.nameMapper", "file-gav");
    return session;
  }

  /** Fails with a clear message when the broker artifact of that version does not exist. */
  private static void requireRelease(RepositorySystem system, RepositorySystemSession session,
                                     RemoteRepository central, Artifact broker, String version) throws IOException {
    Artifact pom = new DefaultArtifact(broker.getGroupId(), broker.getArtifactId(), "pom", version);
    resolveOne(system, session, central, pom, version);
  }

  private static List<Artifact> resolveWithDependencies(RepositorySystem system, RepositorySystemSession session,
                                                        RemoteRepository central, List<Artifact> roots,
                                                        String version) throws IOException {
    CollectRequest collect = new CollectRequest();
    for (Artifact root : roots) {
      collect.addDependency(new Dependency(root, JavaScopes.RUNTIME));
    }
    collect.addRepository(central);
    DependencyRequest request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
    try {
      List<Artifact> out = new ArrayList<>();
      for (ArtifactResult r : system.resolveDependencies(session, request).getArtifactResults()) {
        out.add(r.getArtifact());
      }
      return out;
    } catch (DependencyResolutionException e) {
      throw failure(version, e);
    }
  }

  private static Artifact resolveOne(RepositorySystem system, RepositorySystemSession session,
                                     RemoteRepository central, Artifact artifact, String version) throws IOException {
    try {
      return system.resolveArtifact(session, new ArtifactRequest(artifact, List.of(central), null)).getArtifact();
    } catch (ArtifactResolutionException e) {
      throw failure(version, e);
    }
  }

  private static IOException failure(String version, Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ArtifactNotFoundException) {
        return new IOException("Kafka " + version + " is not on Maven Central: " + t.getMessage(), e);
      }
    }
    return new IOException("Could not resolve Kafka " + version + " from Maven Central (" + CENTRAL_URL + "): "
        + e.getMessage(), e);
  }

  /** What to add so that SLF4J logs through the backend the broker brings (see class comment). */
  static List<Artifact> loggingAdditions(Map<String, Artifact> resolved) {
    boolean hasBinding = resolved.values().stream().anyMatch(a -> SLF4J_BINDINGS.contains(a.getArtifactId()));
    String slf4j = Optional.ofNullable(resolved.get("org.slf4j:slf4j-api")).map(Artifact::getVersion).orElse("1.7.36");
    boolean slf4j2 = !slf4j.startsWith("1.");
    Artifact log4jCore = resolved.get("org.apache.logging.log4j:log4j-core");
    List<Artifact> add = new ArrayList<>();
    if (log4jCore != null) {
      if (!hasBinding) {
        String id = slf4j2 ? "log4j-slf4j2-impl" : "log4j-slf4j-impl";
        add.add(new DefaultArtifact("org.apache.logging.log4j", id, "jar", log4jCore.getVersion()));
      }
      return add;
    }
    if (!resolved.containsKey("ch.qos.reload4j:reload4j") && !resolved.containsKey("log4j:log4j")) {
      add.add(new DefaultArtifact("ch.qos.reload4j", "reload4j", "jar", "1.2.25"));
    }
    if (!hasBinding) {
      String id = slf4j2 || reload4jBindingExists(slf4j) ? "slf4j-reload4j" : "slf4j-log4j12";
      add.add(new DefaultArtifact("org.slf4j", id, "jar", slf4j));
    }
    return add;
  }

  /** slf4j-reload4j was first released with SLF4J 1.7.33. */
  private static boolean reload4jBindingExists(String slf4jVersion) {
    String[] p = slf4jVersion.split("[.-]");
    try {
      int minor = Integer.parseInt(p[1]);
      int patch = p.length > 2 ? Integer.parseInt(p[2]) : 0;
      return minor > 7 || (minor == 7 && patch >= 33);
    } catch (RuntimeException e) {
      return false;
    }
  }
}
