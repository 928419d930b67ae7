package dev.kafkachatops.ops.chat;

import dev.kafkachatops.adapter.store.InMemoryOutboxStore;
import dev.kafkachatops.port.ChatNotifier;
import dev.kafkachatops.port.ChatSender;
import dev.kafkachatops.port.ChatSender.Result;
import dev.kafkachatops.port.OutboxStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The outbox's rules on a scripted chat: nothing lost, in order per channel, retried as the chat asks. */
class ChatOutboxTest {
    private static final Result RATE_LIMITED = new Result.Retry(Optional.of(Duration.ofSeconds(2)), "ratelimited");
    private static final Result DOWN = new Result.Retry(Optional.empty(), "HTTP 500");

    /** A clock the test moves. */
    private static final class Now extends Clock {
        Instant at = Instant.parse("2026-12-07T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return at;
        }
    }

    /** Answers from a script (then Sent); records every attempt as "method channel thread/target text". */
    private static final class Chat implements ChatSender {
        final Deque<Result> script = new ArrayDeque<>();
        final List<String> calls = new ArrayList<>();
        int ts = 100;

        private Result answer(String call, boolean post) {
            calls.add(call);
            Result r = script.isEmpty() ? null : script.poll();
            if (r != null) return r;
            return new Result.Sent(post ? Optional.of("1." + ts++) : Optional.empty());
        }

        @Override
        public Result post(String channel, Optional<String> threadTs, String text, String blocksJson) {
            return answer("post " + channel + " " + threadTs.orElse("-") + " " + text, true);
        }

        @Override
        public Result update(String channel, String ts, String text, String blocksJson) {
            return answer("update " + channel + " " + ts + " " + text, false);
        }

        @Override
        public Result ephemeral(String channel, String user, String text) {
            return answer("ephemeral " + channel + " " + user + " " + text, false);
        }

        @Override
        public Result upload(String channel, Optional<String> threadTs, String filename, String title, byte[] content,
                             boolean text) {
            return answer("upload " + channel + " " + threadTs.orElse("-") + " " + filename + " " + content.length, false);
        }
    }

    private final Now clock = new Now();
    private final Chat chat = new Chat();
    private final InMemoryOutboxStore store = new InMemoryOutboxStore();
    private final ChatOutbox outbox = new ChatOutbox(chat, store, clock, Duration.ofMinutes(30));

    private void after(Duration d) {
        clock.at = clock.at.plus(d);
        outbox.drain();
    }

    @Test
    void aHealthyChatIsWrittenAtOnce() {
        String ts = outbox.post("C1", Optional.empty(), "plan", "[]");
        outbox.update("C1", ts, "plan v2", "[]");
        outbox.post("C1", Optional.of(ts), "reply", null);
        assertThat(ts).isEqualTo("1.100");
        assertThat(chat.calls).containsExactly("post C1 - plan", "update C1 1.100 plan v2", "post C1 1.100 reply");
        assertThat(store.pending()).isEmpty();
    }

    @Test
    void aRateLimitedPostIsQueuedAndWhatFollowsWaitsBehindItInOrder() {
        chat.script.add(RATE_LIMITED);
        List<String> told = new ArrayList<>();
        outbox.onPosted((channel, ref, ts) -> told.add(channel + " " + ref + " " + ts));
        String ref = outbox.post("C1", Optional.empty(), "plan", "[]");
        assertThat(ref).startsWith("q:");
        outbox.post("C1", Optional.of(ref), "reply 1", null);
        outbox.update("C1", ref, "plan v2", "[]");
        outbox.uploadBytes("C1", Optional.of(ref), "chart.png", "chart", new byte[] {1, 2, 3});
        outbox.post("C1", Optional.of(ref), "reply 2", null);
        assertThat(chat.calls).containsExactly("post C1 - plan");

        after(Duration.ofSeconds(1)); // Slack said 2 s
        assertThat(chat.calls).hasSize(1);
        after(Duration.ofSeconds(1));
        assertThat(chat.calls).containsExactly("post C1 - plan", "post C1 - plan", "post C1 1.100 reply 1",
                "update C1 1.100 plan v2", "upload C1 1.100 chart.png 3", "post C1 1.100 reply 2");
        assertThat(told).containsExactly("C1 " + ref + " 1.100");
        assertThat(store.pending()).isEmpty();
        // later writes name the reference and are resolved at once
        outbox.update("C1", ref, "plan v3", "[]");
        assertThat(chat.calls.get(chat.calls.size() - 1)).isEqualTo("update C1 1.100 plan v3");
    }

    @Test
    void queuedUpdatesOfOneMessageAreCoalescedToTheLatest() {
        String ts = outbox.post("C1", Optional.empty(), "progress", "[]");
        chat.script.add(RATE_LIMITED);
        for (int i = 1; i <= 5; i++) outbox.update("C1", ts, i * 20 + "%", "[]");
        after(Duration.ofSeconds(2));
        assertThat(chat.calls).containsExactly("post C1 - progress", "update C1 1.100 20%", "update C1 1.100 100%");
    }

    @Test
    void backoffDoublesWithoutRetryAfterAndTheOtherChannelsGoOn() {
        chat.script.add(DOWN);
        outbox.post("C1", Optional.empty(), "a", null);
        outbox.post("C2", Optional.empty(), "b", null); // another channel is not held up
        chat.script.add(DOWN);
        assertThat(chat.calls).containsExactly("post C1 - a", "post C2 - b");
        after(Duration.ofSeconds(1)); // first retry after 1 s: down again, next in 2 s
        after(Duration.ofSeconds(1));
        assertThat(chat.calls).hasSize(3);
        after(Duration.ofSeconds(1));
        assertThat(chat.calls).containsExactly("post C1 - a", "post C2 - b", "post C1 - a", "post C1 - a");
    }

    @Test
    void afterRetryForTheWriteIsGivenUpAndItsRepliesGoToTheChannel() {
        for (int i = 0; i < 100; i++) chat.script.add(DOWN);
        String ref = outbox.post("C1", Optional.empty(), "plan", null);
        outbox.post("C1", Optional.of(ref), "reply", null);
        outbox.update("C1", ref, "plan v2", null);
        for (int i = 0; i < 40; i++) after(Duration.ofMinutes(1));
        chat.script.clear();
        after(Duration.ofMinutes(1));
        assertThat(store.lost(ref)).isTrue();
        assertThat(chat.calls).contains("post C1 - reply").doesNotContain("update C1 - plan v2");
        assertThat(chat.calls.stream().filter(c -> c.equals("post C1 - plan")).count()).isBetween(30L, 40L);
        assertThat(store.pending()).isEmpty();
    }

    @Test
    void aRefusedPostIsTheCallersErrorAndRefusedSideWritesAreOnlyLogged() {
        chat.script.add(new Result.Refused("not_in_channel"));
        assertThatThrownBy(() -> outbox.post("C1", Optional.empty(), "plan", null))
                .isInstanceOfSatisfying(ChatNotifier.Refused.class, e -> {
                    assertThat(e.error()).isEqualTo("not_in_channel");
                    assertThat(e.notInChannel()).isTrue();
                });
        chat.script.add(new Result.Refused("is_archived"));
        assertThat(outbox.post("C1", Optional.of("1.1"), "a thread entry", null)).isEmpty();
        chat.script.add(new Result.Refused("message_not_found"));
        outbox.update("C1", "1.1", "x", null);
        chat.script.add(new Result.Refused("channel_not_found"));
        outbox.ephemeral("C1", "U1", "x");
        assertThat(store.pending()).isEmpty();
        assertThat(chat.calls).containsExactly("post C1 - plan", "post C1 1.1 a thread entry", "update C1 1.1 x",
                "ephemeral C1 U1 x");
    }

    @Test
    void aPrivateLineForSomeoneOutsideTheChannelGoesToTheirDirectMessages() {
        chat.script.add(new Result.Refused("user_not_in_channel"));
        outbox.ephemeral("C1", "U1", "only you");
        chat.script.add(DOWN);
        outbox.ephemeral("C1", "U2", "later");
        clock.at = clock.at.plusSeconds(5);
        chat.script.add(new Result.Refused("user_not_in_channel"));
        outbox.drain();
        assertThat(chat.calls).containsExactly("ephemeral C1 U1 only you", "post U1 - only you",
                "ephemeral C1 U2 later", "ephemeral C1 U2 later", "post U2 - later");
        assertThat(store.pending()).isEmpty();
    }

    @Test
    void aRefusedFileIsExplainedInItsThreadAndOnlyThere() {
        chat.script.add(new Result.Refused("missing_scope (needed: files:write)"));
        outbox.upload("C1", Optional.of("1.1"), "move-R1.json", "move.json", "{}");
        chat.script.add(new Result.Refused("missing_scope (needed: files:write)"));
        outbox.upload("C1", Optional.empty(), "report.json", "report", "{}");
        assertThat(chat.calls).containsExactly("upload C1 1.1 move-R1.json 2", "post C1 1.1 :warning: The file "
                + "`move-R1.json` could not be attached: Slack refused the upload with missing_scope (needed: "
                + "files:write). Add that scope to the Slack app and reinstall it.", "upload C1 - report.json 2");
        assertThat(store.pending()).isEmpty();
    }

    @Test
    void whatOneProcessQueuedTheNextDelivers() {
        chat.script.add(DOWN);
        String ref = outbox.post("C1", Optional.empty(), "plan", null);
        outbox.ephemeral("C1", "U1", "only you");
        outbox.close();
        var next = new ChatOutbox(chat, store, clock, Duration.ofMinutes(30));
        clock.at = clock.at.plusSeconds(5);
        next.drain();
        assertThat(chat.calls).containsExactly("post C1 - plan", "post C1 - plan", "ephemeral C1 U1 only you");
        assertThat(store.ts(ref)).contains("1.100");
    }

    /** Two bot instances on one database: while one delivers a queued item, the other leaves that lane alone. */
    @Test
    void twoInstancesOnOneStoreNeverSendAQueuedItemTwice() throws Exception {
        chat.script.add(DOWN);
        outbox.post("C1", Optional.empty(), "a", null);
        outbox.post("C1", Optional.empty(), "b", null);
        outbox.close();
        clock.at = clock.at.plusSeconds(5);
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ChatSender slow = new ChatSender() {
            @Override
            public Result post(String channel, Optional<String> threadTs, String text, String blocksJson) {
                sending.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return chat.post(channel, threadTs, text, blocksJson);
            }

            @Override
            public Result update(String channel, String ts, String text, String blocksJson) {
                return chat.update(channel, ts, text, blocksJson);
            }

            @Override
            public Result ephemeral(String channel, String user, String text) {
                return chat.ephemeral(channel, user, text);
            }

            @Override
            public Result upload(String channel, Optional<String> threadTs, String filename, String title,
                                 byte[] content, boolean text) {
                return chat.upload(channel, threadTs, filename, title, content, text);
            }
        };
        var a = new ChatOutbox(slow, store, clock, Duration.ofMinutes(30));
        var b = new ChatOutbox(chat, store, clock, Duration.ofMinutes(30));
        Thread delivering = new Thread(a::drain);
        delivering.start();
        assertThat(sending.await(10, TimeUnit.SECONDS)).isTrue();
        b.drain(); // a is sending the head of C1: b sends neither it nor what waits behind it
        assertThat(chat.calls).containsExactly("post C1 - a");
        release.countDown();
        delivering.join(10_000);
        b.drain();
        assertThat(chat.calls).containsExactly("post C1 - a", "post C1 - a", "post C1 - b");
        assertThat(store.pending()).isEmpty();

        // an instance that died holding a claim: after the claim expires another delivers the item
        store.add(new OutboxStore.Item(0, "C2", OutboxStore.Kind.POST, "C2", Optional.empty(), Optional.empty(), "c",
                null, Optional.empty(), Optional.empty(), new byte[0], clock.at, 0, clock.at, Optional.empty()));
        long c = store.pending().get(0).id();
        assertThat(store.claim(c, "dead-instance", clock.at.plusSeconds(60), clock.at)).isTrue();
        clock.at = clock.at.plusSeconds(30);
        b.drain();
        assertThat(chat.calls).as("the claim holds for its minute").hasSize(3);
        clock.at = clock.at.plusSeconds(31);
        b.drain();
        assertThat(chat.calls).containsExactly("post C1 - a", "post C1 - a", "post C1 - b", "post C2 - c");
        a.close();
        b.close();
    }

    @Test
    void theDelayIsWhatTheChatAskedForElseADoublingBackoffUpToAMinute() {
        assertThat(ChatOutbox.delay(new Result.Retry(Optional.of(Duration.ofSeconds(7)), "x"), 9))
                .isEqualTo(Duration.ofSeconds(7));
        assertThat(ChatOutbox.delay(new Result.Retry(Optional.empty(), "x"), 1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(ChatOutbox.delay(new Result.Retry(Optional.empty(), "x"), 4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(ChatOutbox.delay(new Result.Retry(Optional.empty(), "x"), 30)).isEqualTo(Duration.ofSeconds(60));
    }
}
