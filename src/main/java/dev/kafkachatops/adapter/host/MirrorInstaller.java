package dev.kafkachatops.adapter.host;

import dev.kafkachatops.port.BrokerHost;
import dev.kafkachatops.port.HostException;
import dev.kafkachatops.run.upgrade.UpgradeRunner;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Installs a Kafka release from a mirror laid out like Apache's ({@code <mirror>/<version>/kafka_<scala>-<version>.tgz}
 * with its {@code .sha512} beside it): the bot fetches the published SHA-512, the host downloads the archive,
 * checks it against that checksum and unpacks it beside the current version ({@link BrokerHost#installRelease}).
 */
public final class MirrorInstaller implements UpgradeRunner.Installer {
    /** Generous: a mirror may build or fetch the archive before it can publish its checksum (the sandbox's does). */
    static final Duration CHECKSUM_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern HEX128 = Pattern.compile("[0-9a-f]{128}");
    private final URI mirror;
    private final String scala;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    public MirrorInstaller(URI mirror, String scalaVersion) {
        this.mirror = mirror;
        this.scala = scalaVersion;
    }

    @Override
    public void install(BrokerHost host, String version) throws HostException {
        host.installRelease(version, mirror, checksum(version));
    }

    /** The published SHA-512 of the release archive, as 128 lowercase hex digits. */
    String checksum(String version) throws HostException {
        URI uri = URI.create(mirror + "/" + version + "/kafka_" + scala + "-" + version + ".tgz.sha512");
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(CHECKSUM_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new HostException("mirror: " + uri + " answered " + r.statusCode(), r.statusCode() >= 500);
            }
            return parse(r.body(), uri);
        } catch (IOException e) {
            throw new HostException("mirror: cannot fetch " + uri + ": " + e.getMessage(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostException("mirror: interrupted fetching " + uri, true, e);
        }
    }

    /**
     * Apache publishes either {@code <hex> *file} (sha512sum) or {@code file: 1A2B 3C4D ...} wrapped over lines
     * (gpg --print-md); both become 128 lowercase hex digits.
     */
    static String parse(String body, URI from) throws HostException {
        String text = body.strip();
        int colon = text.indexOf(':');
        String hex = colon >= 0 && !text.substring(0, colon).contains(" ")
                ? text.substring(colon + 1).replaceAll("\\s+", "")
                : text.split("\\s+")[0];
        hex = hex.toLowerCase(Locale.ROOT);
        if (!HEX128.matcher(hex).matches()) {
            throw new HostException("mirror: " + from + " does not hold a SHA-512 checksum", false);
        }
        return hex;
    }
}
