package dev.kafkachatops.adapter.jmx;

import dev.kafkachatops.plan.upgrade.OldClients;
import dev.kafkachatops.port.BrokerMetrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.rmi.registry.LocateRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The JMX adapter against a real remote JMX connector server of this JVM (an RMI registry and server on one loopback
 * port, as {@code JMX_PORT} sets a broker up), holding meters named as Kafka names them; and against ports that
 * refuse or never answer.
 */
class JmxBrokerMetricsTest {
    private static final String PRODUCE = "kafka.network:type=RequestMetrics,name=DeprecatedRequestsPerSec,"
            + "request=Produce,version=2,clientSoftwareName=unknown,clientSoftwareVersion=unknown";
    private static final String BYTES_IN = "kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec,topic=orders";
    private static JMXConnectorServer server;
    private static int port;

    /** A Yammer meter's attributes as Kafka's JMX reporter shows them. */
    public interface MeterMBean {
        long getCount();

        double getOneMinuteRate();

        String getRateUnit();
    }

    public record Meter(long count, double rate) implements MeterMBean {
        public long getCount() {
            return count;
        }

        public double getOneMinuteRate() {
            return rate;
        }

        public String getRateUnit() {
            return "SECONDS";
        }
    }

    @BeforeAll
    static void startServer() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        LocateRegistry.createRegistry(port);
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        mbs.registerMBean(new Meter(20, 4.0), new ObjectName(PRODUCE));
        mbs.registerMBean(new Meter(7, 0), new ObjectName(PRODUCE.replace("version=2", "version=1")));
        mbs.registerMBean(new Meter(1_000_000, 5e4), new ObjectName(BYTES_IN));
        server = JMXConnectorServerFactory.newJMXConnectorServer(new JMXServiceURL("service:jmx:rmi://127.0.0.1:"
                + port + "/jndi/rmi://127.0.0.1:" + port + "/jmxrmi"), Map.of(), mbs);
        server.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) server.stop();
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        for (String n : List.of(PRODUCE, PRODUCE.replace("version=2", "version=1"), BYTES_IN)) {
            mbs.unregisterMBean(new ObjectName(n));
        }
    }

    @Test
    void readsEveryMeterMatchingThePatternWithItsKeysAndNumbers() throws Exception {
        var metrics = new JmxBrokerMetrics("127.0.0.1", port, Duration.ofSeconds(10));
        List<BrokerMetrics.Reading> r = metrics.read(OldClients.METRIC_PATTERN, OldClients.ATTRIBUTES);
        assertThat(r).hasSize(2);
        BrokerMetrics.Reading v2 = r.stream().filter(x -> x.key("version").equals("2")).findFirst().orElseThrow();
        assertThat(v2.key("request")).isEqualTo("Produce");
        assertThat(v2.key("clientSoftwareName")).isEqualTo("unknown");
        assertThat(v2.number("Count")).isEqualTo(20);
        assertThat(v2.number("OneMinuteRate")).isEqualTo(4.0);
        assertThat(v2.values()).containsOnlyKeys("Count", "OneMinuteRate");
        // the same port serves a traffic sampler's reads
        var bytesIn = metrics.read("kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec,topic=*",
                List.of("OneMinuteRate", "Count", "RateUnit"));
        assertThat(bytesIn).singleElement().satisfies(x -> {
            assertThat(x.key("topic")).isEqualTo("orders");
            assertThat(x.number("OneMinuteRate")).isEqualTo(5e4);
            assertThat(x.values()).as("only numbers").doesNotContainKey("RateUnit");
        });
        assertThat(metrics.read("kafka.nothing:type=None,*", List.of("Count"))).isEmpty();
    }

    @Test
    void aClosedPortIsUnavailableSayingSo() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        var e = catchThrowableOfType(BrokerMetrics.Unavailable.class, () -> new JmxBrokerMetrics("127.0.0.1",
                closed, Duration.ofSeconds(10)).read(OldClients.METRIC_PATTERN, OldClients.ATTRIBUTES));
        assertThat(e.getMessage()).isEqualTo("JMX at 127.0.0.1:" + closed + ": connection refused (is the broker "
                + "running with JMX on this port?)");
    }

    @Test
    void aPortThatNeverAnswersIsGivenUpAtTheTimeout() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) accepted.add(silent.accept()); // accepts, reads nothing, answers nothing
                } catch (Exception e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            var e = catchThrowableOfType(BrokerMetrics.Unavailable.class, () -> new JmxBrokerMetrics("127.0.0.1",
                    silent.getLocalPort(), Duration.ofMillis(500)).read(OldClients.METRIC_PATTERN,
                    OldClients.ATTRIBUTES));
            assertThat(e.getMessage()).isEqualTo("JMX at 127.0.0.1:" + silent.getLocalPort()
                    + " did not answer within 500 ms");
        } finally {
            for (Socket s : accepted) s.close();
        }
    }
}
