package dev.kafkachatops.adapter.host;

import dev.kafkachatops.config.HostService;
import dev.kafkachatops.localkafka.KafkaDistributions;
import dev.kafkachatops.localkafka.LocalMirror;
import dev.kafkachatops.port.BrokerInstall;
import dev.kafkachatops.port.HostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sandbox's release mirror ({@link LocalMirror}) serves Apache's layout, and a host installs from it through
 * the same path as from a real mirror: {@link MirrorInstaller} fetches the published checksum, the local-shell host
 * downloads with curl, checks it with sha512sum, unpacks it beside the current version.
 */
class LocalMirrorInstallTest {
    private static final String VERSION = "9.8.7";

    @TempDir
    Path tmp;

    /** A distribution in the cache as {@link KafkaDistributions#ensure} leaves it, its jar a link elsewhere. */
    private KafkaDistributions distributions() throws Exception {
        Path cache = tmp.resolve("dists");
        Path dist = Files.createDirectories(cache.resolve(KafkaDistributions.folderName(VERSION)));
        Path repoJar = Files.writeString(Files.createDirectories(tmp.resolve("repo")).resolve("kafka.jar"),
                "the broker's classes");
        Files.createDirectories(dist.resolve("libs"));
        Files.createSymbolicLink(dist.resolve("libs/kafka_2.13-" + VERSION + ".jar"), repoJar);
        Files.writeString(Files.createDirectories(dist.resolve("config")).resolve("log4j2.xml"), "<Configuration/>");
        Files.writeString(dist.resolve(KafkaDistributions.VERSION_FILE), VERSION + "\n");
        return new KafkaDistributions(cache, tmp.resolve("repo"));
    }

    @Test
    void aHostInstallsAReleaseFromTheSandboxMirrorWithItsChecksumChecked() throws Exception {
        try (LocalMirror mirror = LocalMirror.start(distributions(), tmp.resolve("mirror"))) {
            URI base = URI.create(mirror.url());
            HttpClient http = HttpClient.newHttpClient();
            String archive = base + "/" + VERSION + "/kafka_2.13-" + VERSION + ".tgz";
            HttpResponse<byte[]> tgz = http.send(HttpRequest.newBuilder(URI.create(archive)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(tgz.statusCode()).isEqualTo(200);
            String published = new MirrorInstaller(base, "2.13").checksum(VERSION);
            assertThat(published).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512")
                    .digest(tgz.body())));
            for (String wrong : new String[]{"/" + VERSION + "/kafka_2.13-1.2.3.tgz", "/x/kafka_2.13-x.tgz",
                    "/../etc/passwd"}) {
                var r = http.send(HttpRequest.newBuilder(URI.create(base + wrong)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(wrong).isEqualTo(404);
            }

            Path root = Files.createDirectories(tmp.resolve("node-1"));
            Files.createDirectories(root.resolve("usr/local"));
            LocalShellHost host = new LocalShellHost(LocalShellHostTest.config(root, HostService.preset("process")),
                    Clock.systemUTC());
            new MirrorInstaller(base, "2.13").install(host, VERSION);
            BrokerInstall after = host.detectInstall();
            assertThat(after.installedVersions()).contains(VERSION);
            Path jar = root.resolve("usr/local/kafka_2.13-" + VERSION + "/libs/kafka_2.13-" + VERSION + ".jar");
            assertThat(jar).isRegularFile().hasContent("the broker's classes"); // a real file, not a dangling link
            assertThat(Files.isSymbolicLink(jar)).isFalse();
        }
    }

    @Test
    void aReleaseNotOnMavenCentralIsAClearFailure() throws Exception {
        try (LocalMirror mirror = LocalMirror.start(new KafkaDistributions(tmp.resolve("empty"),
                tmp.resolve("repo")), tmp.resolve("mirror"))) {
            assertThatThrownBy(() -> new MirrorInstaller(URI.create(mirror.url()), "2.13").checksum("0.0.1"))
                    .isInstanceOf(HostException.class).hasMessageContaining("answered 404");
        }
    }
}
