package dev.kafkachatops.sim;

import java.util.Objects;

/** A public channel of the simulated workspace, e.g. {@code C0GENERAL} / {@code general}. */
public record SimChannel(String id, String name) {
    public SimChannel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }
}
