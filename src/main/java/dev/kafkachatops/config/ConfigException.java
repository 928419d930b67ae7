package dev.kafkachatops.config;

import java.util.List;

/** A configuration that cannot be used. Each problem reads "file: key: what is wrong". */
public final class ConfigException extends Exception {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
