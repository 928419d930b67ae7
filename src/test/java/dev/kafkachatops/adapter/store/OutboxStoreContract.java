package dev.kafkachatops.adapter.store;

import dev.kafkachatops.port.OutboxStore;
import dev.kafkachatops.port.OutboxStore.Item;
import dev.kafkachatops.port.OutboxStore.Kind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link OutboxStore} does, run on memory, H2 and PostgreSQL. */
public abstract class OutboxStoreContract {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    protected abstract OutboxStore store();

    /** A lane of its own, so tests on one shared database do not see each other's items. */
    private final String lane = "C" + UUID.randomUUID().toString().substring(0, 8);

    private Item item(Kind kind, Optional<String> thread, Optional<String> target, String text, byte[] content) {
        return new Item(0, lane, kind, lane, thread, target, text, "[]", Optional.empty(), Optional.of("f.bin"),
                content, T0, 0, T0, Optional.empty());
    }

    @Test
    void itemsComeBackInOrderWithEveryField() {
        OutboxStore s = store();
        byte[] bytes = {0, (byte) 0xff, 10, 13, 42};
        long a = s.add(item(Kind.POST, Optional.empty(), Optional.empty(), "plan ✅ <@U1>", new byte[0]));
        long b = s.add(item(Kind.UPLOAD_BYTES, Optional.of("q:" + a), Optional.empty(), "chart", bytes));
        assertThat(b).isGreaterThan(a);
        assertThat(s.pending(lane)).extracting(Item::id).containsExactly(a, b);
        Item second = s.pending(lane).get(1);
        assertThat(second.kind()).isEqualTo(Kind.UPLOAD_BYTES);
        assertThat(second.thread()).contains("q:" + a);
        assertThat(second.content()).isEqualTo(bytes);
        assertThat(second.name()).contains("f.bin");
        assertThat(s.pending(lane).get(0).text()).isEqualTo("plan ✅ <@U1>");
        assertThat(s.pending()).extracting(Item::id).contains(a, b);
    }

    @Test
    void aDeliveredPostResolvesItsReferenceAndLeavesTheQueue() {
        OutboxStore s = store();
        long a = s.add(item(Kind.POST, Optional.empty(), Optional.empty(), "x", new byte[0]));
        assertThat(s.ts("q:" + a)).isEmpty();
        assertThat(s.lost("q:" + a)).isFalse();
        s.delivered(a, Optional.of("1700000000.000100"), T0.plusSeconds(5));
        assertThat(s.ts("q:" + a)).contains("1700000000.000100");
        assertThat(s.pending(lane)).isEmpty();
        assertThat(s.lost("q:" + a)).isFalse();
        assertThat(s.lost("q:999999999")).isTrue();
        assertThat(s.ts("1700000000.000100")).isEmpty();
    }

    @Test
    void retriesKeepTheirPlaceAndFailuresAreLost() {
        OutboxStore s = store();
        long a = s.add(item(Kind.POST, Optional.empty(), Optional.empty(), "x", new byte[0]));
        Instant due = T0.plusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
        s.retryAt(a, 2, due, "ratelimited");
        Item i = s.pending(lane).get(0);
        assertThat(i.attempts()).isEqualTo(2);
        assertThat(i.due()).isEqualTo(due);
        assertThat(i.error()).contains("ratelimited");
        s.failed(a, "channel_not_found", T0.plusSeconds(31));
        assertThat(s.pending(lane)).isEmpty();
        assertThat(s.lost("q:" + a)).isTrue();
        assertThat(s.ts("q:" + a)).isEmpty();
    }

    @Test
    void oneDelivererAtATimeUntilItsClaimExpiresOrItLetsGo() {
        OutboxStore s = store();
        long u = s.add(item(Kind.UPDATE, Optional.empty(), Optional.of("1.1"), "v1", new byte[0]));
        assertThat(s.claim(u, "a", T0.plusSeconds(60), T0)).isTrue();
        assertThat(s.claim(u, "a", T0.plusSeconds(70), T0.plusSeconds(10))).as("its own claim again").isTrue();
        assertThat(s.claim(u, "b", T0.plusSeconds(80), T0.plusSeconds(20))).isFalse();
        assertThat(s.coalesce(lane, "1.1", "v2", "[2]")).as("a claimed update may be on its way").isFalse();
        assertThat(s.claim(u, "b", T0.plusSeconds(200), T0.plusSeconds(71))).as("a's claim expired").isTrue();
        s.retryAt(u, 1, T0.plusSeconds(90), "HTTP 500");
        assertThat(s.claim(u, "c", T0.plusSeconds(150), T0.plusSeconds(90))).as("released by the retry").isTrue();
        s.delivered(u, Optional.empty(), T0.plusSeconds(91));
        assertThat(s.claim(u, "c", T0.plusSeconds(160), T0.plusSeconds(92))).as("delivered: nothing to claim")
                .isFalse();
    }

    @Test
    void aQueuedUpdateTakesTheLatestContent() {
        OutboxStore s = store();
        assertThat(s.coalesce(lane, "1.1", "v1", "[1]")).isFalse();
        long u = s.add(item(Kind.UPDATE, Optional.empty(), Optional.of("1.1"), "v1", new byte[0]));
        assertThat(s.coalesce(lane, "1.1", "v2", "[2]")).isTrue();
        assertThat(s.coalesce(lane, "1.2", "other", "[3]")).isFalse();
        assertThat(s.pending(lane)).singleElement().satisfies(i -> {
            assertThat(i.id()).isEqualTo(u);
            assertThat(i.text()).isEqualTo("v2");
            assertThat(i.blocks()).isEqualTo("[2]");
        });
        s.delivered(u, Optional.empty(), T0);
        assertThat(s.coalesce(lane, "1.1", "v3", "[3]")).as("a delivered update is not changed").isFalse();
    }

    @Test
    void purgeForgetsOldDeliveredItemsOnly() {
        OutboxStore s = store();
        long old = s.add(item(Kind.POST, Optional.empty(), Optional.empty(), "x", new byte[0]));
        long waiting = s.add(item(Kind.POST, Optional.empty(), Optional.empty(), "y", new byte[0]));
        s.delivered(old, Optional.of("1.1"), T0);
        assertThat(s.purge(T0.plusSeconds(1))).isGreaterThanOrEqualTo(1);
        assertThat(s.ts("q:" + old)).isEmpty();
        assertThat(s.pending(lane)).extracting(Item::id).containsExactly(waiting);
    }
}
