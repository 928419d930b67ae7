package dev.kafkachatops.adapter.host;

import dev.kafkachatops.config.HostConfig;
import dev.kafkachatops.config.HostDriver;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.port.HostException;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * A broker host reached over SSH (Apache MINA SSHD): one session per host, opened on first use and reused,
 * reopened after it was lost; each command runs in its own exec channel with the host's command timeout.
 * The remote login shell runs the command line, so quoting works as with {@link LocalShellHost}.
 */
public final class SshHost extends ShellBrokerHost {
    private final SshConnector connector;
    private ClientSession session;

    public SshHost(HostConfig config, Clock clock, SshConnector connector) {
        super(config, clock);
        if (config.driver() != HostDriver.SSH) {
            throw new IllegalArgumentException("host " + config.host() + " is not configured for driver ssh");
        }
        if (config.sshKey().isEmpty()) {
            throw new IllegalArgumentException("host " + config.host() + ": sshKey is required for driver ssh");
        }
        this.connector = connector;
    }

    private synchronized ClientSession session() throws HostException {
        if (session == null || !session.isOpen() || session.isClosing()) {
            session = connector.connect(host(), config.sshUser(), config.host(), config.port(),
                    Path.of(config.sshKey().orElseThrow()), config.knownHosts());
        }
        return session;
    }

    @Override
    protected ExecResult exec(String command, Duration timeout) throws HostException {
        ClientSession s = session();
        try (ChannelExec channel = s.createExecChannel(command)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            channel.setIn(new ByteArrayInputStream(new byte[0]));
            channel.setOut(out);
            channel.setErr(err);
            channel.open().verify(timeout);
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
            if (events.contains(ClientChannelEvent.TIMEOUT)) {
                throw failure("a command did not finish within " + timeout.toSeconds() + " s", true);
            }
            Integer code = channel.getExitStatus();
            if (code == null && channel.getExitSignal() == null) {
                // closed without an exit status: the connection was cut (or sshd restarted) while the command ran
                dropSession();
                throw failure("the SSH connection was lost while a command ran (no exit status): it may or may "
                        + "not have finished; repeating the step is safe", true);
            }
            return new ExecResult(code == null ? -1 : code, out.toByteArray(), err.toByteArray());
        } catch (IOException e) {
            dropSession();
            throw new HostException("host " + host() + ": SSH command failed: " + e.getMessage(), true, e);
        }
    }

    private synchronized void dropSession() {
        if (session != null) {
            try {
                session.close();
            } catch (IOException e) {
                // reconnecting next time is all that matters
            }
            session = null;
        }
    }

    @Override
    public void close() {
        dropSession();
    }
}
