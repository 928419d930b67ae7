package dev.kafkachatops.port;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Kafka as installed on one broker host, read the way the operations guide does it.
 *
 * @param host              the host's name
 * @param linkTarget        where the {@code kafka} link points (as written in the link), empty when there is no link
 * @param linkedVersion     the version in the target folder's name {@code kafka_<scala>-<version>}
 * @param jarVersions       versions found in {@code <link>/libs/kafka_<scala>-<version>.jar} names
 * @param installedVersions versions of the folders {@code kafka_<scala>-<version>} beside the link, sorted
 * @param problems          what does not add up (no link, a folder whose jars are of another version...), one
 *                          line each; empty when the installation is consistent
 */
public record BrokerInstall(String host, Optional<String> linkTarget, Optional<String> linkedVersion,
                            List<String> jarVersions, List<String> installedVersions, List<String> problems) {

    public BrokerInstall {
        jarVersions = List.copyOf(jarVersions);
        installedVersions = List.copyOf(installedVersions);
        problems = List.copyOf(problems);
    }

    /**
     * Builds the record and works out its problems.
     *
     * @param linkKind {@code "symlink"}, {@code "missing"} or {@code "not-a-link"} (a plain folder or file)
     */
    public static BrokerInstall of(String host, String linkName, String linkKind, Optional<String> linkTarget,
                                   Optional<String> linkedVersion, List<String> jarVersions,
                                   List<String> installedVersions) {
        List<String> problems = new ArrayList<>();
        List<String> jars = List.copyOf(new TreeSet<>(jarVersions));
        switch (linkKind) {
            case "missing" -> problems.add(linkName + " does not exist: no current version is linked");
            case "not-a-link" -> problems.add(linkName + " is not a symbolic link: make it one to a versioned folder");
            default -> {
                if (linkedVersion.isEmpty()) {
                    problems.add(linkName + " points at " + linkTarget.orElse("?")
                            + ", which is not a kafka_<scala>-<version> folder");
                }
            }
        }
        if (!"missing".equals(linkKind)) {
            if (jars.isEmpty()) {
                problems.add("no libs/kafka_<scala>-<version>.jar found behind " + linkName);
            } else if (jars.size() > 1) {
                problems.add("jars of several versions behind " + linkName + ": " + String.join(", ", jars));
            } else if (linkedVersion.isPresent() && !jars.get(0).equals(linkedVersion.get())) {
                problems.add("folder says " + linkedVersion.get() + " but its jars are " + jars.get(0));
            }
        }
        return new BrokerInstall(host, linkTarget, linkedVersion, jars, installedVersions, problems);
    }

    /** The version this host runs when started: the linked one, if the jars agree with it. */
    public Optional<String> version() {
        return problems.isEmpty() ? linkedVersion : Optional.empty();
    }

    public boolean isInstalled(String version) {
        return installedVersions.contains(version);
    }

    /** One line, e.g. {@code kafka1: 3.9.1 (installed: 3.9.1, 4.1.1)} or with its problems. */
    public String summary() {
        return host + ": " + linkedVersion.orElse("unknown version") + " (installed: "
                + (installedVersions.isEmpty() ? "none" : String.join(", ", installedVersions)) + ")"
                + (problems.isEmpty() ? "" : "; " + String.join("; ", problems));
    }
}
