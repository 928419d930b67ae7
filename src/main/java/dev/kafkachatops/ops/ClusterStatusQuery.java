package dev.kafkachatops.ops;

import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.ClusterStatus;
import dev.kafkachatops.port.BrokerHost;
import dev.kafkachatops.port.ClusterReader;
import dev.kafkachatops.port.HostException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;

/** {@code status}: the cluster as its Admin API sees it, and the version each configured host has installed. */
public final class ClusterStatusQuery {
    /** {@code versions}: node -> version found on its host; {@code notes}: hosts that could not say. */
    public record Report(ClusterStatus status, SortedMap<Integer, String> versions, List<String> notes) {
        public Report {
            versions = Collections.unmodifiableSortedMap(new TreeMap<>(versions));
            notes = List.copyOf(notes);
        }
    }

    private final Function<String, ClusterReader> readers;
    private final BiFunction<String, Integer, Optional<BrokerHost>> hosts;

    public ClusterStatusQuery(Function<String, ClusterReader> readers,
                              BiFunction<String, Integer, Optional<BrokerHost>> hosts) {
        this.readers = readers;
        this.hosts = hosts;
    }

    public Report read(BotConfig.Cluster cluster) throws ClusterReader.ClusterUnavailableException {
        ClusterStatus s = readers.apply(cluster.name()).status();
        SortedMap<Integer, String> versions = new TreeMap<>();
        List<String> notes = new ArrayList<>();
        for (int id : new TreeSet<>(cluster.hosts().keySet())) {
            try {
                var install = hosts.apply(cluster.name(), id).orElseThrow().detectInstall();
                install.version().ifPresentOrElse(v -> versions.put(id, v),
                        () -> notes.add("node " + id + ": " + String.join("; ", install.problems())));
            } catch (HostException | RuntimeException e) {
                notes.add("node " + id + ": " + e.getMessage());
            }
        }
        return new Report(s, versions, notes);
    }
}
