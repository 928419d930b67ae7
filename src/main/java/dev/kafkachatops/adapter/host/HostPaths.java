package dev.kafkachatops.adapter.host;

import dev.kafkachatops.config.HostConfig;
import dev.kafkachatops.config.HostDriver;
import dev.kafkachatops.config.BotConfig;

/**
 * The effective paths of one host's Kafka installation, validated: {@code <base>/kafka_<scala>-<version>}
 * folders behind {@code <base>/<link>}. For the local driver every absolute path is taken below the root.
 */
final class HostPaths {
    private final String root;
    private final String base;
    private final String linkName;
    private final String configFile;
    private final boolean configInVersion;
    private final String scala;
    private final String javaHome;

    HostPaths(HostConfig host) {
        this.root = host.driver() == HostDriver.LOCAL
                ? SafeValues.absolutePath(host.root().toAbsolutePath().normalize().toString()) : "/";
        this.base = under(root, SafeValues.absolutePath(host.installBase()));
        this.linkName = SafeValues.fileName(host.link());
        this.configInVersion = !host.configFile().startsWith("/");
        this.configFile = configInVersion ? SafeValues.relativePath(host.configFile())
                : under(root, SafeValues.absolutePath(host.configFile()));
        this.scala = SafeValues.scala(host.scalaVersion());
        this.javaHome = host.javaHome().map(j -> under(root, SafeValues.absolutePath(j))).orElse(null);
    }

    private static String under(String root, String absolute) {
        if (root.equals("/")) return absolute;
        return absolute.equals("/") ? root : root + absolute;
    }

    /** The local driver's root, {@code /} otherwise. */
    String root() {
        return root;
    }

    String base() {
        return base;
    }

    String linkName() {
        return linkName;
    }

    String link() {
        return base + "/" + linkName;
    }

    String scala() {
        return scala;
    }

    /** {@code kafka_<scala>-<version>}. */
    String folder(String version) {
        return "kafka_" + scala + "-" + SafeValues.version(version);
    }

    String versionDir(String version) {
        return base + "/" + folder(version);
    }

    /** The configured {@code javaHome}'s launcher ({@code <javaHome>/bin/java}, below the root), or null. */
    String javaLauncher() {
        return javaHome == null ? null : javaHome + "/bin/java";
    }

    /** The config file through the link: what the running broker was started with. */
    String config() {
        return configInVersion ? link() + "/" + configFile : configFile;
    }

    /** The config file of one version's folder (the same file for all versions when configured absolute). */
    String config(String version) {
        return configInVersion ? versionDir(version) + "/" + configFile : configFile;
    }
}
