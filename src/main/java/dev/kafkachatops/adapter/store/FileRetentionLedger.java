package dev.kafkachatops.adapter.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkachatops.port.RetentionLedger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link RetentionLedger} as a JSON file ({@code <dataDir>/retention-ledger.json}), replaced atomically on every
 * change: written to a temporary file, fsync'd, then renamed over the old one, so a crash leaves either the old or
 * the new list, never a torn one.
 */
public final class FileRetentionLedger implements RetentionLedger {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    public FileRetentionLedger(Path file) {
        this.file = file;
    }

    @Override
    public synchronized void record(Entry entry) {
        List<Entry> all = new ArrayList<>(entries());
        all.removeIf(e -> e.cluster().equals(entry.cluster()) && e.runId().equals(entry.runId()));
        all.add(entry);
        write(all);
    }

    @Override
    public synchronized void clear(String cluster, String runId) {
        List<Entry> all = new ArrayList<>(entries());
        if (all.removeIf(e -> e.cluster().equals(cluster) && e.runId().equals(runId))) write(all);
    }

    @Override
    public synchronized List<Entry> entries() {
        if (!Files.exists(file)) return List.of();
        try {
            return JSON.readValue(file.toFile(), new TypeReference<List<Entry>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the retention ledger " + file, e);
        }
    }

    private void write(List<Entry> all) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (var ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(all)));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the retention ledger " + file, e);
        }
    }
}
