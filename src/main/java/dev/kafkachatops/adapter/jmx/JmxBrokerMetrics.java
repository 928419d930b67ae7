package dev.kafkachatops.adapter.jmx;

import dev.kafkachatops.port.BrokerMetrics;

import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A broker's metrics over the JDK's remote JMX client ({@code service:jmx:rmi:///jndi/rmi://HOST:PORT/jmxrmi}, as
 * Kafka's {@code JMX_PORT} and {@code com.sun.management.jmxremote.port} set it up). Each read connects, queries the
 * names matching the pattern, reads the asked attributes of each in one call, and disconnects. The whole read runs on
 * its own daemon thread and is given up after the timeout: RMI has no connect or read timeout of its own, and a port
 * that swallows packets must not hold the planning up.
 */
public final class JmxBrokerMetrics implements BrokerMetrics {
    private final String host;
    private final int port;
    private final Duration timeout;

    public JmxBrokerMetrics(String host, int port, Duration timeout) {
        this.host = Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("not a port: " + port);
        this.port = port;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public String endpoint() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public List<Reading> read(String pattern, List<String> attributes) throws Unavailable {
        ObjectName name;
        try {
            name = new ObjectName(pattern);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("not a JMX object name pattern: " + pattern, e);
        }
        CompletableFuture<List<Reading>> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(readNow(name, attributes));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "jmx-" + endpoint());
        t.setDaemon(true);
        t.start();
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            t.interrupt();
            throw new Unavailable("JMX at " + endpoint() + " did not answer within " + within(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while reading JMX at " + endpoint(), e);
        } catch (ExecutionException e) {
            throw new Unavailable("JMX at " + endpoint() + ": " + why(e.getCause()), e.getCause());
        }
    }

    private List<Reading> readNow(ObjectName pattern, List<String> attributes) throws Exception {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + endpoint() + "/jmxrmi");
        try (JMXConnector c = JMXConnectorFactory.connect(url, Map.of())) {
            MBeanServerConnection s = c.getMBeanServerConnection();
            List<Reading> out = new ArrayList<>();
            for (ObjectName n : new TreeSet<>(s.queryNames(pattern, null))) {
                Map<String, Number> values = new HashMap<>();
                for (Attribute a : s.getAttributes(n, attributes.toArray(String[]::new)).asList()) {
                    if (a.getValue() instanceof Number v) values.put(a.getName(), v);
                }
                out.add(new Reading(n.getCanonicalName(), n.getKeyPropertyList(), values));
            }
            return out;
        }
    }

    /** The innermost cause in words: "connection refused", "unknown host kafka9", or the exception's own message. */
    private static String why(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        if (root instanceof ConnectException) return "connection refused (is the broker running with JMX on this port?)";
        if (root instanceof UnknownHostException) return "unknown host " + root.getMessage();
        if (e instanceof SecurityException) return "access refused: " + e.getMessage();
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return e instanceof IOException && m.isBlank() ? "I/O error" : m.lines().findFirst().orElse(m);
    }

    private String within() {
        return timeout.toMillis() < 1000 ? timeout.toMillis() + " ms" : timeout.toSeconds() + " s";
    }

    @Override
    public String toString() {
        return "JmxBrokerMetrics[" + endpoint() + "]";
    }
}
