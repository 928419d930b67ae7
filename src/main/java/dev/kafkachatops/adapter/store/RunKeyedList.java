package dev.kafkachatops.adapter.store;

import com.fasterxml.jackson.core.type.TypeReference;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * A ledger file of entries keyed by (cluster, run id): recording an entry replaces the one of the same run, clearing
 * removes it. Both ledgers (throttles, retention) are this with their own entry type.
 */
final class RunKeyedList<E> {
    private final JsonListFile<E> file;
    private final Function<E, String> cluster;
    private final Function<E, String> runId;

    RunKeyedList(Path path, TypeReference<List<E>> type, String what, Function<E, String> cluster,
                 Function<E, String> runId) {
        this.file = new JsonListFile<>(path, type, what);
        this.cluster = cluster;
        this.runId = runId;
    }

    synchronized void record(E entry) {
        String c = cluster.apply(entry);
        String r = runId.apply(entry);
        file.replace(e -> cluster.apply(e).equals(c) && runId.apply(e).equals(r), entry);
    }

    synchronized void clear(String clusterName, String run) {
        file.replace(e -> cluster.apply(e).equals(clusterName) && runId.apply(e).equals(run), null);
    }

    synchronized List<E> entries() {
        return file.read();
    }
}
