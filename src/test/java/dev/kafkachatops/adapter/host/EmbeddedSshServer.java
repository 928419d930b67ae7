package dev.kafkachatops.adapter.host;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.helpers.AbstractSession;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.KeySetPublickeyAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.shell.ProcessShellFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;

/**
 * A real SSH server for tests (Apache MINA SSHD) on 127.0.0.1 and a free port: a host key generated into
 * {@code dir}, public-key login for the given keys only, and every exec request run locally as
 * {@code /bin/sh -c <command>}, as OpenSSH runs it through the login shell.
 */
public final class EmbeddedSshServer implements AutoCloseable {
    private final SshServer server;
    private final Path dir;
    private final java.util.concurrent.atomic.AtomicInteger created = new java.util.concurrent.atomic.AtomicInteger();

    private EmbeddedSshServer(SshServer server, Path dir) {
        this.server = server;
        this.dir = dir;
        server.addSessionListener(new org.apache.sshd.common.session.SessionListener() {
            @Override
            public void sessionCreated(org.apache.sshd.common.session.Session session) {
                created.incrementAndGet();
            }
        });
    }

    /** A server whose host key is of {@code hostKeyAlgorithm} ({@code EC}, {@code RSA} or {@code EdDSA}). */
    public static EmbeddedSshServer start(Path dir, String hostKeyAlgorithm, PublicKey... allowed) throws IOException {
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        SimpleGeneratorHostKeyProvider hostKey = new SimpleGeneratorHostKeyProvider(dir.resolve("host-key-" + hostKeyAlgorithm + ".ser"));
        hostKey.setAlgorithm(hostKeyAlgorithm);
        server.setKeyPairProvider(hostKey);
        server.setPublickeyAuthenticator(new KeySetPublickeyAuthenticator("test", Set.of(allowed)));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setCommandFactory((channel, command) ->
                new ProcessShellFactory(command, "/bin/sh", "-c", command).createShell(channel));
        server.start();
        return new EmbeddedSshServer(server, dir);
    }

    /** Sessions opened so far (a host driver should open one per host and reuse it). */
    public int sessionsCreated() {
        return created.get();
    }

    public int port() {
        return server.getPort();
    }

    /** The server's host key as a known_hosts line for {@code [127.0.0.1]:<port>}. */
    public String knownHostsLine() throws IOException, GeneralSecurityException {
        KeyPairProvider keys = server.getKeyPairProvider();
        KeyPair hostKey = keys.loadKeys(null).iterator().next();
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic());
    }

    public Path writeKnownHosts(String... lines) throws IOException {
        Path file = Files.createTempFile(dir, "known_hosts", "");
        Files.write(file, List.of(lines));
        return file;
    }

    /** A new client key pair of {@code algorithm} (RSA, EC or EdDSA, i.e. ed25519). */
    public static KeyPair newKey(String algorithm) throws GeneralSecurityException {
        KeyPairGenerator g = SecurityUtils.getKeyPairGenerator(algorithm);
        if (algorithm.equals("RSA")) g.initialize(2048);
        if (algorithm.equals("EC")) g.initialize(256);
        return g.generateKeyPair();
    }

    /** Writes an unencrypted OpenSSH private key file, readable by its owner only. */
    public static Path writePrivateKey(Path dir, String name, KeyPair key) throws IOException, GeneralSecurityException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "test", null, out);
        }
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /**
     * Closes every open session at once, without a goodbye (a network cut or a restarted sshd as the client sees
     * it); the commands running in them lose their channel. Returns how many were closed.
     */
    public int dropSessions() {
        List<AbstractSession> open = List.copyOf(server.getActiveSessions());
        open.forEach(s -> s.close(true));
        return open.size();
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
