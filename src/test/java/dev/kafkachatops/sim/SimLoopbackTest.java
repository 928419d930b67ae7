package dev.kafkachatops.sim;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code /api/sim} (no authentication: anyone who reaches it can act as any user) and the Socket Mode port listen on
 * the loopback interface only: reachable at 127.0.0.1, refused at every other address of this machine.
 */
class SimLoopbackTest {
    static SlackSimulator sim;

    @BeforeAll
    static void start() throws IOException {
        sim = SlackSimulator.start();
    }

    @AfterAll
    static void stop() {
        if (sim != null) sim.close();
    }

    @Test
    void theApiIsServedOnLoopback() throws Exception {
        assertThat(URI.create(sim.pageUrl()).getHost()).isEqualTo("127.0.0.1");
        for (int port : List.of(sim.httpPort(), sim.wsPort())) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                assertThat(s.isConnected()).isTrue();
            }
        }
    }

    @Test
    void everyOtherAddressOfThisMachineIsRefused() throws Exception {
        List<InetAddress> others = NetworkInterface.networkInterfaces().filter(SimLoopbackTest::up)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress() && a instanceof Inet4Address).toList();
        assumeTrue(!others.isEmpty(), "this machine has no non-loopback IPv4 address to try");
        for (InetAddress address : others) {
            for (int port : List.of(sim.httpPort(), sim.wsPort())) {
                assertThatThrownBy(() -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(address, port), 2000);
                    }
                }).as(address + ":" + port).isInstanceOf(IOException.class);
            }
        }
    }

    private static boolean up(NetworkInterface n) {
        try {
            return n.isUp();
        } catch (IOException e) {
            return false;
        }
    }
}
