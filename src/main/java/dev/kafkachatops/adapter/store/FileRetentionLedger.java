package dev.kafkachatops.adapter.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.kafkachatops.port.RetentionLedger;

import java.nio.file.Path;
import java.util.List;

/** {@link RetentionLedger} as a JSON file ({@code <dataDir>/retention-ledger.json}), replaced atomically. */
public final class FileRetentionLedger implements RetentionLedger {
    private final RunKeyedList<Entry> list;

    public FileRetentionLedger(Path file) {
        this.list = new RunKeyedList<>(file, new TypeReference<>() {
        }, "retention ledger", Entry::cluster, Entry::runId);
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
