package dev.kafkachatops.adapter.host;

import dev.kafkachatops.config.HostConfig;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.HostService;
import dev.kafkachatops.domain.JavaRuntime;
import dev.kafkachatops.port.BrokerHost;
import dev.kafkachatops.port.BrokerInstall;
import dev.kafkachatops.port.ConfigChange;
import dev.kafkachatops.port.HostException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.HashMap;

/**
 * {@link BrokerHost} over POSIX shell commands; the subclasses only run a command line ({@code /bin/sh -c}
 * here, an SSH exec channel there). Every value in a command is validated ({@link SafeValues}) and quoted
 * ({@link ShellQuote}); file content travels base64-encoded. Needs on the host: a POSIX shell, coreutils
 * ({@code readlink}, {@code mv -T}, {@code base64}), and for {@link #installRelease} curl, sha512sum and tar.
 */
abstract class ShellBrokerHost implements BrokerHost {
    /** Commands are one {@code sh -c} argument, at most 128 KiB on Linux; leave room for the rest. */
    static final int MAX_CONFIG_BYTES = 90 * 1024;
    static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(15);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final Duration POLL = Duration.ofMillis(200);

    protected final HostConfig config;
    protected final HostPaths paths;
    private final Clock clock;

    ShellBrokerHost(HostConfig config, Clock clock) {
        this.config = config;
        this.paths = new HostPaths(config);
        this.clock = clock;
    }

    /** Runs one command line on the host; a non-zero exit is a result, not an exception. */
    protected abstract ExecResult exec(String command, Duration timeout) throws HostException;

    /** A placeholder value only this driver can fill (already quoted), e.g. the local {@code {kafkaCommand}}. */
    protected Optional<String> driverPlaceholder(String name) throws HostException {
        return Optional.empty();
    }

    @Override
    public String host() {
        return config.host();
    }

    protected HostException failure(String what, boolean retryable) {
        return new HostException("host " + host() + ": " + what, retryable);
    }

    private ExecResult run(String command, String what) throws HostException {
        ExecResult r = exec(command, config.service().commandTimeout());
        if (r.exitCode() != 0) throw failure(what + " failed (exit " + r.exitCode() + "): " + r.reason(), false);
        return r;
    }

    @Override
    public BrokerInstall detectInstall() throws HostException {
        ExecResult r = exec(InstallListing.command(paths), config.service().commandTimeout());
        if (r.exitCode() == InstallListing.NO_BASE) {
            throw failure("install folder " + paths.base() + " does not exist: check installBase in the bot's config", false);
        }
        if (r.exitCode() != 0) throw failure("reading the installation failed (exit " + r.exitCode() + "): " + r.reason(), false);
        return InstallListing.parse(host(), paths, r.out());
    }

    @Override
    public BrokerInstall relink(String version) throws HostException {
        String folder = paths.folder(SafeValues.version(version));
        String tmp = ShellQuote.quote("." + paths.linkName() + ".tmp-" + UUID.randomUUID());
        String link = ShellQuote.quote(paths.linkName());
        ExecResult r = exec("cd " + ShellQuote.quote(paths.base()) + " || exit 10; "
                + "[ -d " + ShellQuote.quote(folder) + " ] || exit 11; "
                + "if [ -e " + link + " ] && [ ! -L " + link + " ]; then exit 12; fi; "
                + "ln -s " + ShellQuote.quote(folder) + " " + tmp + " && mv -fT " + tmp + " " + link
                + " || { rm -f " + tmp + "; exit 13; }; readlink " + link, config.service().commandTimeout());
        switch (r.exitCode()) {
            case 0 -> { }
            case 11 -> throw failure("Kafka " + version + " is not installed (no " + paths.versionDir(version)
                    + "; installed: " + String.join(", ", detectInstall().installedVersions()) + ")", false);
            case 12 -> throw failure(paths.link() + " is not a symbolic link: replace it with one by hand first", false);
            default -> throw failure("relinking " + paths.link() + " to " + folder + " failed (exit " + r.exitCode()
                    + "): " + r.reason(), false);
        }
        BrokerInstall after = detectInstall();
        if (!r.out().strip().equals(folder) || !after.linkedVersion().equals(Optional.of(version))) {
            throw failure(paths.link() + " should point at " + folder + " but points at "
                    + after.linkTarget().orElse("nothing"), false);
        }
        return after;
    }

    @Override
    public Map<String, String> readConfig(String version) throws HostException {
        String file = paths.config(SafeValues.version(version));
        return PropertiesEdit.parse(readFile(file).orElseThrow(() -> failure("no config file " + file, false)));
    }

    private Optional<String> readFile(String file) throws HostException {
        String f = ShellQuote.quote(file);
        ExecResult r = exec("if [ -e " + f + " ]; then cat -- " + f + "; else exit 14; fi", config.service().commandTimeout());
        if (r.exitCode() == 14) return Optional.empty();
        if (r.exitCode() != 0) throw failure("reading " + file + " failed (exit " + r.exitCode() + "): " + r.reason(), false);
        return Optional.of(r.outLatin1());
    }

    @Override
    public ConfigChange writeConfig(String fromVersion, String toVersion, Map<String, String> set, Set<String> remove)
            throws HostException {
        String src = paths.config(SafeValues.version(fromVersion));
        String dst = paths.config(SafeValues.version(toVersion));
        String original = readFile(src).orElseThrow(() -> failure("no config file " + src + " to copy from", false));
        PropertiesEdit.Result edit = PropertiesEdit.apply(original, set, remove);
        Optional<String> copiedFrom = src.equals(dst) ? Optional.empty() : Optional.of(src);
        Optional<String> current = src.equals(dst) ? Optional.of(original) : readFile(dst);
        if (current.isPresent() && current.get().equals(edit.text())) {
            return new ConfigChange(dst, copiedFrom, Optional.empty(), edit.changes(), false);
        }
        byte[] content = edit.text().getBytes(StandardCharsets.ISO_8859_1);
        if (content.length > MAX_CONFIG_BYTES) {
            throw failure(src + " is " + content.length + " bytes; at most " + MAX_CONFIG_BYTES + " can be written", false);
        }
        String d = ShellQuote.quote(dst);
        String bak = dst + ".bak-" + STAMP.format(clock.instant());
        String tmp = ShellQuote.quote(dst + ".tmp-" + UUID.randomUUID());
        ExecResult r = exec("umask 077; if [ -e " + d + " ]; then b=" + ShellQuote.quote(bak) + "; n=1; "
                + "while [ -e \"$b\" ]; do n=$((n+1)); b=" + ShellQuote.quote(bak) + "-$n; done; "
                + "(set -C; cat -- " + d + " > \"$b\") || exit 15; printf '%s\\n' \"$b\"; fi; "
                + "cp -p -- " + ShellQuote.quote(src) + " " + tmp + " || exit 16; "
                + "printf '%s' " + ShellQuote.quote(Base64.getEncoder().encodeToString(content)) + " | base64 -d > " + tmp
                + " && mv -f -- " + tmp + " " + d + " || { rm -f -- " + tmp + "; exit 16; }",
                config.service().commandTimeout());
        if (r.exitCode() == 15) throw failure("could not back up " + dst + ": " + r.reason() + "; nothing was changed", false);
        if (r.exitCode() != 0) throw failure("writing " + dst + " failed (exit " + r.exitCode() + "): " + r.reason(), false);
        String backup = r.out().strip();
        return new ConfigChange(dst, copiedFrom, backup.isEmpty() ? Optional.empty() : Optional.of(backup),
                edit.changes(), true);
    }

    @Override
    public JavaRuntime java() throws HostException {
        ExecResult r = exec(JavaProbe.command(paths), config.service().commandTimeout());
        String launcher = r.out().split("\n", 2)[0].strip();
        switch (r.exitCode()) {
            case 0 -> { }
            case JavaProbe.NONE -> throw failure("no Java found: no javaHome configured, no running broker process, "
                    + "no JAVA_HOME and no java on the PATH", false);
            case JavaProbe.NOT_EXECUTABLE -> throw failure(launcher + " is not an executable Java launcher", false);
            default -> throw failure(launcher + " -version failed (exit " + r.exitCode() + "): " + r.reason(), false);
        }
        return JavaProbe.parse(r.out()).orElseThrow(() -> failure(launcher + " -version printed no Java version", false));
    }

    @Override
    public boolean isProcessRunning() throws HostException {
        ExecResult r = exec(render(config.service().status()), config.service().commandTimeout());
        if (r.exitCode() == 0) return true;
        if (r.exitCode() >= 1 && r.exitCode() <= 3) return false;
        throw failure("the status command failed (exit " + r.exitCode() + "): " + r.reason()
                + " (it must exit 0 when running, 1 to 3 when not)", false);
    }

    @Override
    public void stopBroker() throws HostException {
        if (!isProcessRunning()) return;
        run(render(config.service().stop()), "the stop command");
        if (!awaitRunning(false, config.service().stopTimeout())) {
            throw failure("the broker still runs " + config.service().stopTimeout().toSeconds() + " s after the stop "
                    + "command: check its log, then retry or stop it by hand", true);
        }
    }

    @Override
    public void startBroker() throws HostException {
        if (isProcessRunning()) return;
        run(render(config.service().start()), "the start command");
        if (!awaitRunning(true, config.service().startTimeout())) {
            throw failure("no broker process runs " + config.service().startTimeout().toSeconds() + " s after the start "
                    + "command: see the broker's log (e.g. server.log or journalctl -u kafka)", false);
        }
    }

    private boolean awaitRunning(boolean wanted, Duration timeout) throws HostException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (isProcessRunning() == wanted) return true;
            if (System.nanoTime() > deadline) return false;
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("interrupted while waiting for the broker to " + (wanted ? "start" : "stop"), true);
            }
        }
    }

    /** A service template with its placeholders replaced by quoted, validated values. */
    String render(String template) throws HostException {
        Map<String, String> values = new HashMap<>();
        for (String name : HostService.placeholders(template)) {
            values.put(name, switch (name) {
                case "link" -> ShellQuote.quote(paths.link());
                case "config" -> ShellQuote.quote(paths.config());
                case "installBase" -> ShellQuote.quote(paths.base());
                case "root" -> ShellQuote.quote(paths.root());
                case "version" -> ShellQuote.quote(detectInstall().linkedVersion()
                        .orElseThrow(() -> failure("{version} is used but no version is linked", false)));
                default -> driverPlaceholder(name)
                        .orElseThrow(() -> failure("{" + name + "} cannot be filled by this host driver", false));
            });
        }
        return HostService.render(template, values::get);
    }

    @Override
    public BrokerInstall installRelease(String version, URI mirror, String sha512) throws HostException {
        String folder = paths.folder(SafeValues.version(version));
        String url = SafeValues.mirror(mirror) + "/" + version + "/" + folder + ".tgz";
        String sum = SafeValues.sha512(sha512);
        BrokerInstall before = detectInstall();
        if (before.isInstalled(version)) return before;
        String f = ShellQuote.quote(folder);
        ExecResult r = exec("cd " + ShellQuote.quote(paths.base()) + " || exit 10; "
                + "t=$(mktemp -d .kafka-chatops-install.XXXXXX) || exit 23; trap 'rm -rf \"$t\"' EXIT; "
                + "curl -fsSL --connect-timeout 20 -o \"$t/r.tgz\" " + ShellQuote.quote(url) + " || exit 20; "
                + "printf '%s  %s\\n' " + ShellQuote.quote(sum) + " \"$t/r.tgz\" | sha512sum -c --status || exit 21; "
                + "tar -xzf \"$t/r.tgz\" -C \"$t\" || exit 22; [ -d \"$t\"/" + f + " ] || exit 22; "
                + "[ -e " + f + " ] || mv -T \"$t\"/" + f + " " + f + " || exit 23", INSTALL_TIMEOUT);
        switch (r.exitCode()) {
            case 0 -> { }
            case 20 -> throw failure("downloading " + url + " failed: " + r.reason(), true);
            case 21 -> throw failure("the SHA-512 of " + url + " does not match the expected checksum: nothing was "
                    + "installed; check the mirror and the checksum", false);
            case 22 -> throw failure(url + " is not a Kafka release archive with a " + folder + " folder", false);
            default -> throw failure("installing " + url + " failed (exit " + r.exitCode() + "): " + r.reason(), false);
        }
        BrokerInstall after = detectInstall();
        if (!after.isInstalled(version)) throw failure(folder + " is still missing after the install", false);
        return after;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + host() + " " + paths.link() + "]";
    }
}
