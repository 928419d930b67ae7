package dev.kafkachatops.adapter.store;

import dev.kafkachatops.port.OutboxStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link OutboxStore} in memory (lost when the process ends): for a bot wired without a database, and tests. */
public final class InMemoryOutboxStore implements OutboxStore {
    private record Row(Item item, Optional<String> ts, Optional<Instant> done, boolean failed) {
    }

    private record Claim(String owner, Instant until) {
    }

    private final Map<Long, Row> rows = new TreeMap<>();
    private final Map<Long, Claim> claims = new HashMap<>();
    private long next = 1;

    @Override
    public synchronized long add(Item item) {
        long id = next++;
        rows.put(id, new Row(item.withId(id), Optional.empty(), Optional.empty(), false));
        return id;
    }

    @Override
    public synchronized boolean coalesce(String lane, String target, String text, String blocks) {
        for (Row r : rows.values()) {
            Item i = r.item();
            if (r.done().isEmpty() && i.lane().equals(lane) && i.kind() == Kind.UPDATE
                    && i.target().equals(Optional.of(target)) && !claims.containsKey(i.id())) {
                rows.put(i.id(), new Row(i.withContent(text, blocks), r.ts(), r.done(), false));
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized List<Item> pending() {
        List<Item> out = new ArrayList<>();
        rows.values().stream().filter(r -> r.done().isEmpty()).forEach(r -> out.add(r.item()));
        return out;
    }

    @Override
    public synchronized List<Item> pending(String lane) {
        return pending().stream().filter(i -> i.lane().equals(lane)).toList();
    }

    @Override
    public synchronized boolean claim(long id, String owner, Instant until, Instant now) {
        Row r = rows.get(id);
        if (r == null || r.done().isPresent()) return false;
        Claim c = claims.get(id);
        if (c != null && !c.owner().equals(owner) && c.until().isAfter(now)) return false;
        claims.put(id, new Claim(owner, until));
        return true;
    }

    @Override
    public synchronized void delivered(long id, Optional<String> ts, Instant at) {
        rows.computeIfPresent(id, (k, r) -> new Row(r.item(), ts, Optional.of(at), false));
    }

    @Override
    public synchronized void retryAt(long id, int attempts, Instant due, String error) {
        claims.remove(id);
        rows.computeIfPresent(id, (k, r) -> new Row(r.item().withRetry(attempts, due, error), r.ts(), r.done(), false));
    }

    @Override
    public synchronized void failed(long id, String error, Instant at) {
        rows.computeIfPresent(id, (k, r) -> new Row(r.item(), Optional.empty(), Optional.of(at), true));
    }

    @Override
    public synchronized Optional<String> ts(String ref) {
        Row r = row(ref);
        return r == null ? Optional.empty() : r.ts();
    }

    @Override
    public synchronized boolean lost(String ref) {
        Row r = row(ref);
        return r == null || r.failed();
    }

    @Override
    public synchronized int purge(Instant before) {
        List<Long> old = rows.entrySet().stream().filter(e -> e.getValue().done().map(d -> d.isBefore(before))
                .orElse(false)).map(Map.Entry::getKey).toList();
        old.forEach(rows::remove);
        return old.size();
    }

    private Row row(String ref) {
        if (!ref.startsWith("q:")) return null;
        try {
            return rows.get(Long.parseLong(ref.substring(2)));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
