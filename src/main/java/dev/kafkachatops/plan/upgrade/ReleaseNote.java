package dev.kafkachatops.plan.upgrade;

import dev.kafkachatops.domain.version.MinorVersion;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * One release line an upgrade enters: its upgrade notes to read, and the catalogue's notable items for it (a raised
 * Java floor, renamed and removed configs, a raised client floor, the metadata.version the plan finalizes to).
 */
public record ReleaseNote(MinorVersion line, URI upgradeNotes, List<String> items) {
    public ReleaseNote {
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(upgradeNotes, "upgradeNotes");
        items = List.copyOf(items);
    }

    /** "4.0: Java 17 or newer; ... (https://...)" */
    public String text() {
        return line + (items.isEmpty() ? "" : ": " + String.join("; ", items)) + " (" + upgradeNotes + ")";
    }
}
