package dev.kafkachatops.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * One broker as the cluster reports it. {@code alive} means registered and unfenced; a broker that
 * only appears in replica lists or the quorum is known but not alive (host is then unknown).
 */
public record BrokerState(int id, Optional<String> host, Optional<Integer> port, Optional<String> rack,
                          boolean alive, boolean controller) {
    public BrokerState {
        if (id < 0) throw new IllegalArgumentException("broker id must be >= 0: " + id);
        Objects.requireNonNull(host);
        Objects.requireNonNull(port);
        Objects.requireNonNull(rack);
    }

    public String endpoint() {
        return host.map(h -> h + port.map(p -> ":" + p).orElse("")).orElse("?");
    }
}
