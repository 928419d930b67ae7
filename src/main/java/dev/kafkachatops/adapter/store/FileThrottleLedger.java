package dev.kafkachatops.adapter.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.kafkachatops.port.ThrottleLedger;

import java.nio.file.Path;
import java.util.List;

/** {@link ThrottleLedger} as a JSON file ({@code <dataDir>/throttle-ledger.json}), replaced atomically. */
public final class FileThrottleLedger implements ThrottleLedger {
    private final RunKeyedList<Entry> list;

    public FileThrottleLedger(Path file) {
        this.list = new RunKeyedList<>(file, new TypeReference<>() {
        }, "throttle ledger", Entry::cluster, Entry::runId);
    }

    @Override
    public void record(Entry entry) {
        list.record(entry);
    }

    @Override
    public void clear(String cluster, String runId) {
        list.clear(cluster, runId);
    }

    @Override
    public List<Entry> entries() {
        return list.entries();
    }
}
