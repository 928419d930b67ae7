package dev.kafkachatops.run.reassign;

import dev.kafkachatops.port.ThrottleLedger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** An in-memory {@link ThrottleLedger} that writes each call to the shared call log, between the admin's calls. */
final class FakeThrottleLedger implements ThrottleLedger {
    private final List<String> calls;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    FakeThrottleLedger(List<String> calls) {
        this.calls = calls;
    }

    @Override
    public void record(Entry entry) {
        calls.add("ledger.record " + entry.runId() + " " + new TreeSet<>(entry.brokers()) + " "
                + new TreeSet<>(entry.topics()));
        entries.put(entry.cluster() + "/" + entry.runId(), entry);
    }

    @Override
    public void clear(String cluster, String runId) {
        calls.add("ledger.clear " + runId);
        entries.remove(cluster + "/" + runId);
    }

    @Override
    public List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }
}
