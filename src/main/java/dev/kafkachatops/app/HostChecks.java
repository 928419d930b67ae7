package dev.kafkachatops.app;

import dev.kafkachatops.config.HostConfig;
import dev.kafkachatops.config.HostDriver;
import dev.kafkachatops.adapter.host.BrokerHosts;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.JavaRuntime;
import dev.kafkachatops.domain.doctor.Check;
import dev.kafkachatops.port.BrokerHost;
import dev.kafkachatops.port.BrokerInstall;
import dev.kafkachatops.port.BrokerMetrics;
import dev.kafkachatops.port.HostException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code doctor}'s host checks, through the same {@link BrokerHost} a rolling upgrade uses and only its reading
 * calls: {@link BrokerHost#detectInstall()} (the host is reachable, over SSH with a known host key; the
 * {@code kafka} link and the jars behind it), {@link BrokerHost#isProcessRunning()} (the status command answers;
 * nothing is stopped or started) and {@link BrokerHost#java()} (the upgrade preflight's Java probe); and, where the
 * host has a {@code jmxPort}, the broker's remote JMX as the upgrade preflight reads it (a Kafka MBean is read).
 */
final class HostChecks {
    private HostChecks() {
    }

    static List<Check> check(BotConfig.Cluster cluster, BrokerHosts hosts) {
        List<Check> out = new ArrayList<>();
        if (cluster.hosts().isEmpty()) {
            out.add(Check.skip("hosts " + cluster.name(), "hosts", "none configured: reassignments need none; "
                    + "rolling upgrades need clusters[].hosts"));
            return out;
        }
        for (Map.Entry<Integer, HostConfig> e : new TreeMap<>(cluster.hosts()).entrySet()) {
            BrokerHost host;
            try {
                host = hosts.forBroker(cluster, e.getKey());
            } catch (IllegalArgumentException bad) {
                out.add(Check.fail("host " + e.getValue().host(), "config", bad.getMessage(), "fix clusters[].hosts"));
                continue;
            }
            out.addAll(host(cluster, e.getKey(), e.getValue(), host));
        }
        return out;
    }

    private static List<Check> host(BotConfig.Cluster cluster, int id, HostConfig cfg, BrokerHost host) {
        String area = "host " + cfg.host() + " (" + cluster.name() + " node " + id + ")";
        String how = cfg.driver() == HostDriver.SSH
                ? "ssh " + cfg.sshUser() + "@" + cfg.host() + ":" + cfg.port() + ", host key known"
                : "local shell below " + cfg.root();
        BrokerInstall install;
        try {
            install = host.detectInstall();
        } catch (HostException e) {
            String fix = cfg.driver() == HostDriver.SSH
                    ? "as the line says; an unknown host key: check its fingerprint, then add it to " + cfg.knownHosts()
                    + " (ssh-keyscan " + cfg.host() + ")" : "check hosts.root and that /bin/sh runs here";
            return List.of(Check.fail(area, "reachable", e.getMessage(), fix),
                    Check.skip(area, "kafka link", "not reachable"), Check.skip(area, "status", "not reachable"),
                    Check.skip(area, "java", "not reachable"));
        }
        List<Check> out = new ArrayList<>();
        out.add(Check.pass(area, "reachable", how));
        String link = cfg.installBase() + "/" + cfg.link();
        out.add(install.problems().isEmpty()
                ? Check.pass(area, "kafka link", link + " -> " + install.linkTarget().orElse("?") + ", jars "
                + String.join(", ", install.jarVersions()))
                : Check.fail(area, "kafka link", String.join("; ", install.problems()),
                "point " + link + " at an installed kafka_<scala>-<version> folder (ln -sfn), or fix "
                        + "hosts.installBase / hosts.link"));
        try {
            boolean running = host.isProcessRunning();
            out.add(Check.pass(area, "status", cfg.service().kind() + " status command answers: the broker is "
                    + (running ? "running" : "not running")));
        } catch (HostException e) {
            out.add(Check.fail(area, "status", e.getMessage(), "fix hosts.service.status: it must exit 0 when the "
                    + "broker runs and 1 to 3 when it does not"));
        }
        try {
            JavaRuntime java = host.java();
            out.add(Check.pass(area, "java", java.describe()));
        } catch (HostException e) {
            out.add(Check.fail(area, "java", e.getMessage(), "install Java on the host or set hosts.javaHome"));
        }
        Wiring.metrics(cfg).ifPresent(m -> out.add(jmx(area, m)));
        return out;
    }

    /** A broker's state (3 = running) and, on a KRaft controller, whether it is the active one. */
    private static final String BROKER_STATE = "kafka.server:type=KafkaServer,name=BrokerState";
    private static final String CONTROLLER = "kafka.controller:type=KafkaController,name=ActiveControllerCount";

    /**
     * The node's JMX answers and shows Kafka's own MBeans: a broker's {@code BrokerState}, or a controller's
     * {@code ActiveControllerCount}. A port that answers without them is some other JVM's.
     */
    static Check jmx(String area, BrokerMetrics metrics) {
        String fix = "start the node with remote JMX on that port (JMX_PORT=" + metrics.endpoint()
                .replaceAll(".*:", "") + " for Kafka's scripts, RMI registry and server on the same port), or fix "
                + "hosts.jmxPort";
        try {
            List<BrokerMetrics.Reading> broker = metrics.read(BROKER_STATE, List.of("Value"));
            if (!broker.isEmpty()) {
                int state = (int) broker.get(0).number("Value");
                return Check.pass(area, "jmx", metrics.endpoint() + " answers: broker state " + state
                        + (state == 3 ? " (running)" : ""));
            }
            List<BrokerMetrics.Reading> controller = metrics.read(CONTROLLER, List.of("Value"));
            if (!controller.isEmpty()) {
                return Check.pass(area, "jmx", metrics.endpoint() + " answers: controller"
                        + (controller.get(0).number("Value") >= 1 ? " (the active one)" : ""));
            }
            return Check.fail(area, "jmx", metrics.endpoint() + " answers but shows no Kafka broker or controller "
                    + "MBeans: not this node's JMX", fix);
        } catch (BrokerMetrics.Unavailable e) {
            return Check.fail(area, "jmx", e.getMessage(), fix);
        }
    }
}
