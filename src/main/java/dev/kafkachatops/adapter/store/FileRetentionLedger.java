package dev.kafkachatops.adapter.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.kafkachatops.port.RetentionLedger;

import java.nio.file.Path;
import java.util.List;

/** {@link RetentionLedger} as a JSON file ({@code <dataDir>/retention-ledger.json}), replaced atomically. */
public final class FileRetentionLedger implements RetentionLedger {
    private final JsonListFile<Entry> file;

    public FileRetentionLedger(Path file) {
        this.file = new JsonListFile<>(file, new TypeReference<>() {
        }, "retention ledger");
    }

    @Override
    public synchronized void record(Entry entry) {
        file.replace(e -> e.cluster().equals(entry.cluster()) && e.runId().equals(entry.runId()), entry);
    }

    @Override
    public synchronized void clear(String cluster, String runId) {
        file.replace(e -> e.cluster().equals(cluster) && e.runId().equals(runId), null);
    }

    @Override
    public synchronized List<Entry> entries() {
        return file.read();
    }
}
