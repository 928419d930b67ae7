package dev.kafkachatops.plan.upgrade;

import dev.kafkachatops.domain.version.KafkaVersion;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One hop of an upgrade plan ({@code 3.7.2 → 3.9.2}) with its phases in order, the upgrade notes to read, and a note
 * when it continues an interrupted upgrade. {@code from} is the oldest version running when the hop starts.
 */
public record HopPlan(int number, KafkaVersion from, KafkaVersion to, URI upgradeNotes, List<Phase> phases,
                      Optional<String> note) {
    public HopPlan {
        if (number < 1) throw new IllegalArgumentException("hops are numbered from 1");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(upgradeNotes, "upgradeNotes");
        phases = List.copyOf(phases);
        Objects.requireNonNull(note, "note");
        if (phases.isEmpty()) throw new IllegalArgumentException("hop " + number + " has no phases");
    }

    /** "hop1": the first part of the keys of its steps. */
    public String key() {
        return "hop" + number;
    }

    public List<UpgradeStep> steps() {
        return phases.stream().flatMap(p -> p.steps().stream()).toList();
    }

    public Optional<Phase> phase(Phase.Kind kind) {
        return phases.stream().filter(p -> p.kind() == kind).findFirst();
    }

    /** Nodes restarted in this hop, each once, in the order of their first restart. */
    public List<Integer> restartOrder() {
        return phases.stream().filter(Phase::restartsNodes).flatMap(p -> p.nodeOrder().stream()).distinct().toList();
    }
}
