package dev.kafkachatops.adapter.slack;

import dev.kafkachatops.port.ChatNotifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static dev.kafkachatops.view.LogText.safe;

/**
 * The one way a run's progress reaches the channel. The runner's thread only hands over what to show; the Slack
 * calls go out in order on this channel's own thread, so a slow or failing Slack neither delays a run nor stops it
 * (a failed call is logged, the run goes on). A {@link Live} message (a progress bar, a checklist) is edited in
 * place and coalesced: while one edit waits to go out, a newer one replaces it. {@link #close()} sends what is
 * pending and waits for it, at most {@value #FLUSH_SECONDS} s.
 */
final class ProgressChannel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProgressChannel.class);
    private static final long FLUSH_SECONDS = 30;

    private final ChatNotifier chat;
    private final String channel;
    private final String threadTs;
    private final String name;
    private final ExecutorService sender;

    ProgressChannel(ChatNotifier chat, String channel, String threadTs, String name) {
        this.chat = chat;
        this.channel = channel;
        this.threadTs = threadTs;
        this.name = name;
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "progress-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** A message in the operation's thread ({@code blocksJson} may be null). */
    void thread(String text, String blocksJson) {
        send(() -> chat.post(channel, Optional.of(threadTs), text, blocksJson));
    }

    /**
     * A message in the channel edited in place: {@code ts} an existing one (e.g. from before a pause), else the first
     * {@link Live#show} posts it and {@code posted} is told its ts.
     */
    Live live(Optional<String> ts, Consumer<String> posted) {
        return new Live(ts.orElse(null), posted);
    }

    private void send(Runnable call) {
        try {
            sender.execute(() -> {
                try {
                    call.run();
                } catch (RuntimeException e) {
                    log.warn("progress of {} not shown in the channel: {}", safe(name), safe(e.getMessage()));
                }
            });
        } catch (RuntimeException e) { // closed: the run is over, nothing more to show
            log.warn("progress of {} after its end dropped: {}", safe(name), safe(e.getMessage()));
        }
    }

    @Override
    public void close() {
        sender.shutdown();
        try {
            if (!sender.awaitTermination(FLUSH_SECONDS, TimeUnit.SECONDS)) {
                log.warn("progress of {} still not sent after {} s; dropping it", safe(name), FLUSH_SECONDS);
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sender.shutdownNow();
        }
    }

    /** One message edited in place; only the newest state waiting to go out is sent. */
    final class Live {
        private record State(String text, String json) {
        }

        private final AtomicReference<State> pending = new AtomicReference<>();
        private final AtomicBoolean queued = new AtomicBoolean();
        private final Consumer<String> posted;
        /** Written and read on the sender thread only. */
        private String ts;

        private Live(String ts, Consumer<String> posted) {
            this.ts = ts;
            this.posted = posted;
        }

        void show(String text, String json) {
            pending.set(new State(text, json));
            if (queued.compareAndSet(false, true)) send(this::flush);
        }

        private void flush() {
            queued.set(false);
            State s = pending.getAndSet(null);
            if (s == null) return; // a newer task already sent it
            if (ts == null) {
                ts = chat.post(channel, Optional.empty(), s.text(), s.json());
                posted.accept(ts);
            } else {
                chat.update(channel, ts, s.text(), s.json());
            }
        }
    }
}
