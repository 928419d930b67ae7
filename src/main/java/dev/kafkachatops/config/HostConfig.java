package dev.kafkachatops.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How the bot reaches one broker's host (used by rolling upgrades), read from {@code clusters[].hosts}.
 * Kafka is installed as {@code <installBase>/kafka_<scalaVersion>-<version>} folders behind the symbolic link
 * {@code <installBase>/<link>}; {@code configFile} is relative to a versioned folder (or absolute: one file
 * outside the installs). With {@link HostDriver#LOCAL}, every absolute path is taken below {@code root} (the
 * sandbox gives each node its own root); with {@link HostDriver#SSH} the bot logs in as {@code sshUser} with
 * the private key {@code sshKey} and checks the host key against {@code knownHosts}. {@code javaHome} is the
 * Java the broker's start uses, when the start command sets it (the upgrade preflight checks its version).
 * {@code jmxPort}: the broker's remote JMX (registry and server on one port, no TLS), read by the upgrade
 * preflight and doctor; on {@link HostDriver#LOCAL} hosts at 127.0.0.1, where the broker starts with it.
 */
public record HostConfig(String host, HostDriver driver, int port, String sshUser, Optional<String> sshKey,
                         Path knownHosts, Path root, String installBase, String link, String configFile,
                         String scalaVersion, HostService service, Optional<String> javaHome, OptionalInt jmxPort) {

    public HostConfig {
        Objects.requireNonNull(javaHome, "javaHome");
        Objects.requireNonNull(jmxPort, "jmxPort");
    }

    /** A host whose broker's Java is found from the running process (no {@code javaHome}), without JMX. */
    public HostConfig(String host, HostDriver driver, int port, String sshUser, Optional<String> sshKey,
                Path knownHosts, Path root, String installBase, String link, String configFile,
                String scalaVersion, HostService service) {
        this(host, driver, port, sshUser, sshKey, knownHosts, root, installBase, link, configFile, scalaVersion,
                service, Optional.empty(), OptionalInt.empty());
    }

    public HostConfig withJavaHome(String path) {
        return new HostConfig(host, driver, port, sshUser, sshKey, knownHosts, root, installBase, link, configFile,
                scalaVersion, service, Optional.of(path), jmxPort);
    }

    public HostConfig withJmxPort(int jmx) {
        return new HostConfig(host, driver, port, sshUser, sshKey, knownHosts, root, installBase, link, configFile,
                scalaVersion, service, javaHome, OptionalInt.of(jmx));
    }

    /** Where the broker's JMX answers: this machine for a local host, else the host itself. */
    public String jmxHost() {
        return driver == HostDriver.LOCAL ? "127.0.0.1" : host;
    }

    /** An SSH host on port 22 with the {@code scripts} service and the default known_hosts file. */
    public HostConfig(String host, String sshUser, Optional<String> sshKey, String installBase, String link,
                String configFile) {
        this(host, HostDriver.SSH, 22, sshUser, sshKey, HostService.defaultKnownHosts(), Path.of("/"),
                installBase, link, configFile, HostService.DEFAULT_SCALA, HostService.preset("scripts"));
    }

    /** The key file's path only: never its content. */
    @Override
    public String toString() {
        return "HostConfig[" + host + " " + driver.name().toLowerCase(Locale.ROOT)
                + (driver == HostDriver.SSH ? " " + sshUser + "@" + host + ":" + port + " key=" + sshKey.orElse("-")
                : " root=" + root)
                + " " + installBase + "/" + link + " " + configFile + " service=" + service.kind()
                + javaHome.map(j -> " javaHome=" + j).orElse("")
                + (jmxPort.isPresent() ? " jmxPort=" + jmxPort.getAsInt() : "") + "]";
    }
}
