package dev.kafkachatops.adapter.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

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
import java.util.function.Predicate;

/**
 * A small list of records kept as a JSON file and replaced atomically on every change: written to a temporary
 * file, fsync'd, then renamed over the old one, so a crash leaves either the old or the new list, never a torn one.
 * Callers synchronize.
 */
final class JsonListFile<T> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final TypeReference<List<T>> type;
    private final String what;

    JsonListFile(Path file, TypeReference<List<T>> type, String what) {
        this.file = file;
        this.type = type;
        this.what = what;
    }

    List<T> read() {
        if (!Files.exists(file)) return List.of();
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + what + " " + file, e);
        }
    }

    /** Removes the entries {@code matching}, appends {@code added} (if not null), and writes if anything changed. */
    void replace(Predicate<T> matching, T added) {
        List<T> all = new ArrayList<>(read());
        boolean removed = all.removeIf(matching);
        if (added != null) all.add(added);
        if (removed || added != null) write(all);
    }

    private void write(List<T> all) {
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
            throw new UncheckedIOException("cannot write the " + what + " " + file, e);
        }
    }
}
