package dev.kafkachatops.plan.reassign;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A broker as the planner sees it.
 *
 * @param id        the broker id ({@code node.id} / {@code broker.id})
 * @param rack      {@code broker.rack}, if set
 * @param alive     registered and not fenced
 * @param freeBytes usable space left in its log dirs (sum over dirs), if known
 * @param capacityBytes the total size of its log dirs' volumes (sum over dirs), if known (Kafka 3.3+)
 */
public record BrokerInfo(int id, Optional<String> rack, boolean alive, OptionalLong freeBytes,
                         OptionalLong capacityBytes) {
    /** Without the capacity. */
    public BrokerInfo(int id, Optional<String> rack, boolean alive, OptionalLong freeBytes) {
        this(id, rack, alive, freeBytes, OptionalLong.empty());
    }

    public BrokerInfo {
        Objects.requireNonNull(capacityBytes, "capacityBytes");
        if (capacityBytes.isPresent() && capacityBytes.getAsLong() <= 0) {
            throw new IllegalArgumentException("broker " + id + " has a log-dir capacity of "
                    + capacityBytes.getAsLong() + " bytes");
        }
        if (id < 0) throw new IllegalArgumentException("broker id must be >= 0, got " + id);
        Objects.requireNonNull(rack, "rack");
        Objects.requireNonNull(freeBytes, "freeBytes");
        if (rack.isPresent() && rack.get().isBlank()) {
            throw new IllegalArgumentException("broker " + id + " has a blank rack");
        }
        if (freeBytes.isPresent() && freeBytes.getAsLong() < 0) {
            throw new IllegalArgumentException("broker " + id + " has negative free bytes");
        }
    }

    /** The same broker with another amount of free space. */
    public BrokerInfo withFreeBytes(long bytes) {
        return new BrokerInfo(id, rack, alive, OptionalLong.of(bytes), capacityBytes);
    }

    /** An alive broker without rack or disk information. */
    public static BrokerInfo of(int id) {
        return new BrokerInfo(id, Optional.empty(), true, OptionalLong.empty());
    }

    /** An alive broker in a rack, without disk information. */
    public static BrokerInfo of(int id, String rack) {
        return new BrokerInfo(id, Optional.of(rack), true, OptionalLong.empty());
    }
}
