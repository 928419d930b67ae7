package dev.kafkachatops.domain.doctor;

import java.util.Objects;

/**
 * One line of {@code kafka-chatops doctor}'s checklist: what was checked ({@code area}, e.g. {@code slack} or
 * {@code kafka orders}, and {@code subject}, e.g. {@code scopes}), its outcome, what was found, and for a failure
 * what to do about it.
 *
 * @param detail what was found, one line (e.g. {@code bot kafka-chatops in Acme (T012)})
 * @param fix    for a failure: the next step for the operator; empty otherwise
 */
public record Check(String area, String subject, Outcome outcome, String detail, String fix) {

    /** {@link #PASS} and {@link #SKIP} leave the exit code 0; any {@link #FAIL} makes it 1. */
    public enum Outcome { PASS, FAIL, SKIP }

    public Check {
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(outcome, "outcome");
        detail = oneLine(detail);
        fix = oneLine(fix);
        if (outcome == Outcome.FAIL && fix.isEmpty()) throw new IllegalArgumentException("a failure says its fix");
    }

    public static Check pass(String area, String subject, String detail) {
        return new Check(area, subject, Outcome.PASS, detail, "");
    }

    public static Check fail(String area, String subject, String detail, String fix) {
        return new Check(area, subject, Outcome.FAIL, detail, fix);
    }

    /** A check that does not apply here (or could not run because an earlier one failed): {@code why}. */
    public static Check skip(String area, String subject, String why) {
        return new Check(area, subject, Outcome.SKIP, why, "");
    }

    public boolean failed() {
        return outcome == Outcome.FAIL;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }
}
