package dev.kafkachatops.port;

import dev.kafkachatops.domain.JavaRuntime;

import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * What a rolling upgrade does on one broker's host, the operations guide's manual steps:
 * <ol>
 *   <li>{@link #detectInstall()}: which version the {@code kafka} link points at, the {@code libs/kafka_*.jar}
 *       names behind it, and the versioned folders installed beside it;</li>
 *   <li>{@link #stopBroker()}: a controlled shutdown through the configured stop command, then wait until the
 *       process is gone;</li>
 *   <li>{@link #relink(String)}: point the link at another installed version in one atomic rename;</li>
 *   <li>{@link #writeConfig}: copy the config file from the old version's folder into the new one (backup
 *       first, atomic write) and set or remove protocol options, keeping every other line and comment;</li>
 *   <li>{@link #startBroker()}: start through the configured start command; health is the caller's gate.</li>
 * </ol>
 * Versions are {@code MAJOR.MINOR.PATCH}; a malformed version, config key or value, checksum or mirror URL is
 * refused with an {@link IllegalArgumentException} before any command runs. Every other failure is a
 * {@link HostException} whose message is one line for a person, starting with the host's name. Implementations
 * are safe for use from several threads; each call is idempotent, so a resumed upgrade may repeat the step it
 * was in.
 */
public interface BrokerHost extends AutoCloseable {

    /** The host's name as configured, for messages (e.g. {@code kafka1.example.com} or {@code node-1}). */
    String host();

    /** Reads the link, the jar names behind it and the installed versions; never changes anything. */
    BrokerInstall detectInstall() throws HostException;

    /**
     * Points the link at {@code kafka_<scala>-<version>} (which must be installed): a temporary link renamed
     * over the old one, so there is no moment without a link. Returns the installation as read afterwards.
     */
    BrokerInstall relink(String version) throws HostException;

    /**
     * Copies the config file of {@code fromVersion}'s folder into {@code toVersion}'s folder (the same file when
     * they are equal, or when the config file is configured outside the versioned folders), applying
     * {@code set} and {@code remove}. An existing target is backed up first beside it
     * ({@code <file>.bak-<timestamp>}, never overwriting an earlier backup); the new file replaces the old in one
     * rename. Nothing is written when nothing would change.
     */
    ConfigChange writeConfig(String fromVersion, String toVersion, Map<String, String> set, Set<String> remove)
            throws HostException;

    /** The properties of the config file in {@code version}'s folder. */
    Map<String, String> readConfig(String version) throws HostException;

    /** Runs the stop command, then waits until {@link #isProcessRunning()} is false (bounded by the stop timeout). */
    void stopBroker() throws HostException;

    /** Runs the start command and waits until the process shows up; does not wait for the broker to be healthy. */
    void startBroker() throws HostException;

    /** True when the status command says this host's broker process runs. */
    boolean isProcessRunning() throws HostException;

    /**
     * Downloads {@code <mirror>/<version>/kafka_<scala>-<version>.tgz}, checks its SHA-512 against {@code sha512}
     * (128 hex digits, as published beside the release), and unpacks it beside the other versions. Does nothing
     * when that version's folder already exists. Returns the installation as read afterwards.
     */
    BrokerInstall installRelease(String version, URI mirror, String sha512) throws HostException;

    /**
     * The Java that would run this host's broker: the configured {@code javaHome}'s launcher when set, else the JVM
     * of the running broker process ({@code /proc/<pid>/exe}), else {@code $JAVA_HOME/bin/java}, else {@code java}
     * on the PATH; read with {@code java -version}. Never changes anything.
     */
    JavaRuntime java() throws HostException;

    /** Releases connections; idempotent. */
    @Override
    void close();
}
