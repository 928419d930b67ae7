package dev.kafkachatops.command;

import java.util.Optional;

/** The outcome of parsing one line: a command (with the cluster it names, if any) or a one-line error. */
public sealed interface ParseResult {

    record Parsed(Command command, Optional<String> cluster) implements ParseResult {
    }

    /** {@code message} is one line meant for a person: what is wrong and the expected form. */
    record Invalid(String message) implements ParseResult {
    }
}
