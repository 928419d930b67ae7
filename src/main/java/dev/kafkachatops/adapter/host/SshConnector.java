package dev.kafkachatops.adapter.host;

import dev.kafkachatops.port.HostException;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.WeakHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.nio.channels.UnresolvedAddressException;

/**
 * One Apache MINA SSHD client shared by all SSH hosts: public-key login only (the configured key file, never
 * keys found elsewhere, never a password), and host keys checked against each host's known_hosts file with
 * nothing accepted by default: an unknown or changed host key refuses the connection with a message that
 * names the host, the file and the key's fingerprint. Key material is never logged or put in a message.
 */
public final class SshConnector implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    static final Duration AUTH_TIMEOUT = Duration.ofSeconds(15);
    private static final AttributeRepository.AttributeKey<Path> KNOWN_HOSTS = new AttributeRepository.AttributeKey<>();
    /**
     * Why the host key of a session was refused. Not a session attribute: a refused key closes the session, which
     * clears its attributes, and the login's failure may be seen only after that (weak: a session refused while
     * connecting is never asked).
     */
    private static final Map<ClientSession, String> REFUSALS = Collections.synchronizedMap(new WeakHashMap<>());

    private final SshClient client;
    private final Map<Path, KnownHostsServerKeyVerifier> verifiers = new ConcurrentHashMap<>();

    public SshConnector() {
        client = SshClient.setUpDefaultClient();
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        client.setServerKeyVerifier(this::verify);
        client.start();
    }

    /** An authenticated session, or a one-line {@link HostException} saying what to fix. */
    ClientSession connect(String name, String user, String host, int port, Path keyFile, Path knownHosts)
            throws HostException {
        List<KeyPair> identities = loadKey(name, keyFile);
        ClientSession session;
        try {
            session = client.connect(user, host, port, AttributeRepository.ofKeyValuePair(KNOWN_HOSTS, knownHosts), null)
                    .verify(CONNECT_TIMEOUT).getSession();
        } catch (IOException e) {
            String why = rootCause(e) instanceof UnresolvedAddressException
                    ? "the name does not resolve" : e.getMessage();
            throw new HostException("host " + name + ": cannot connect to " + host + ":" + port + " over SSH: " + why,
                    true, e);
        }
        identities.forEach(session::addPublicKeyIdentity);
        try {
            AuthFuture auth = session.auth();
            if (!auth.await(AUTH_TIMEOUT)) {
                throw new HostException("host " + name + ": no SSH login within " + AUTH_TIMEOUT.toSeconds() + " s", true);
            }
            if (auth.isSuccess()) return session;
            String refusal = REFUSALS.get(session);
            if (refusal != null) throw new HostException("host " + name + ": " + refusal, false);
            if (session.getServerKey() == null) {
                throw new HostException("host " + name + ": the SSH handshake with " + host + ":" + port + " failed: "
                        + (auth.getException() == null ? "connection closed" : auth.getException().getMessage()), true);
            }
            throw new HostException("host " + name + ": SSH login as " + user + " with key " + keyFile
                    + " refused: add its public key to ~" + user + "/.ssh/authorized_keys on the host", false);
        } catch (IOException e) {
            throw new HostException("host " + name + ": SSH login to " + host + ":" + port + " failed: " + e.getMessage(),
                    true, e);
        } finally {
            REFUSALS.remove(session);
            if (!session.isAuthenticated()) closeQuietly(session);
        }
    }

    private boolean verify(ClientSession session, SocketAddress remote, PublicKey key) {
        Path file = session.getConnectionContext().getAttribute(KNOWN_HOSTS);
        KnownHostsServerKeyVerifier verifier = verifiers.computeIfAbsent(file, SshConnector::verifier);
        return verifier.verifyServerKey(session, remote, key);
    }

    private static KnownHostsServerKeyVerifier verifier(Path file) {
        KnownHostsServerKeyVerifier v = new KnownHostsServerKeyVerifier((session, remote, key) -> {
            REFUSALS.put(session, "host key not in known_hosts (" + file + (Files.exists(file) ? "" : ", missing")
                    + "): the server at " + remote + " offers " + KeyUtils.getKeyType(key) + " "
                    + KeyUtils.getFingerPrint(key) + "; after checking that fingerprint, add the key, e.g. with "
                    + "ssh-keyscan, and retry");
            return false;
        }, file);
        v.setModifiedServerKeyAcceptor((session, remote, entry, expected, actual) -> {
            REFUSALS.put(session, "host key CHANGED: known_hosts (" + file + ") has " + KeyUtils.getFingerPrint(expected)
                    + " but the server at " + remote + " offers " + KeyUtils.getFingerPrint(actual)
                    + "; this may be an attack: if the host was reinstalled, replace its line in known_hosts");
            return false;
        });
        return v;
    }

    private static List<KeyPair> loadKey(String name, Path keyFile) throws HostException {
        List<KeyPair> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(keyFile)) {
            SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(keyFile.toString()), in, null).forEach(out::add);
        } catch (NoSuchFileException e) {
            throw new HostException("host " + name + ": SSH key file " + keyFile + " does not exist: check sshKey", false);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new HostException("host " + name + ": cannot read SSH key " + keyFile + " (an unencrypted OpenSSH or PEM "
                    + "private key is needed): " + e.getClass().getSimpleName(), false);
        }
        if (out.isEmpty()) {
            throw new HostException("host " + name + ": no private key found in " + keyFile + ": check sshKey", false);
        }
        return out;
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t;
    }

    private static void closeQuietly(ClientSession session) {
        if (session == null) return;
        try {
            session.close();
        } catch (IOException e) {
            // already failing; the first error is the one to report
        }
    }

    @Override
    public void close() {
        try {
            client.stop();
        } finally {
            verifiers.clear();
        }
    }
}
