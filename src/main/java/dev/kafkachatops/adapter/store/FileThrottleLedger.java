package dev.kafkachatops.adapter.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.kafkachatops.port.ThrottleLedger;

import java.nio.file.Path;
import java.util.List;

/** {@link ThrottleLedger} as a JSON file ({@code <dataDir>/throttle-ledger.json}), replaced atomically. */
public final class FileThrottleLedger implements ThrottleLedger {
    private final JsonListFile<Entry> file;

    public FileThrottleLedger(Path file) {
        this.file = new JsonListFile<>(file, new TypeReference<>() {
        }, "throttle ledger");
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
