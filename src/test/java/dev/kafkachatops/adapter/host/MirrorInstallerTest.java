package dev.kafkachatops.adapter.host;

import com.sun.net.httpserver.HttpServer;
import dev.kafkachatops.port.HostException;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The published checksum of a release, fetched from a mirror over HTTP in both of Apache's formats. */
class MirrorInstallerTest {
    static final String HEX = "8b1a".repeat(32);

    @Test
    void readsBothChecksumFormats() throws Exception {
        URI from = URI.create("http://mirror/x.sha512");
        assertThat(MirrorInstaller.parse(HEX + "  kafka_2.13-3.9.1.tgz\n", from)).isEqualTo(HEX);
        String gpg = "kafka_2.13-3.9.1.tgz: " + HEX.toUpperCase().replaceAll("(.{8})", "$1 ").substring(0, 100)
                + "\n                      " + HEX.toUpperCase().replaceAll("(.{8})", "$1 ").substring(100);
        assertThat(MirrorInstaller.parse(gpg, from)).isEqualTo(HEX);
        assertThatThrownBy(() -> MirrorInstaller.parse("<html>not found</html>", from))
                .isInstanceOf(HostException.class).hasMessageContaining("does not hold a SHA-512");
    }

    @Test
    void fetchesTheChecksumBesideTheArchiveOnTheMirror() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/dist/kafka/4.4.0/kafka_2.13-4.4.0.tgz.sha512", ex -> {
            byte[] body = (HEX + " *kafka_2.13-4.4.0.tgz\n").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            var installer = new MirrorInstaller(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                    + "/dist/kafka"), "2.13");
            assertThat(installer.checksum("4.4.0")).isEqualTo(HEX);
            assertThatThrownBy(() -> installer.checksum("9.9.9")).isInstanceOf(HostException.class)
                    .hasMessageContaining("answered 404");
        } finally {
            server.stop(0);
        }
    }
}
