package dev.kafkachatops.port;

import java.time.Instant;
import java.util.Optional;

/**
 * A cluster's maintenance windows and freezes. Operations start only while a window is open and no freeze is in
 * force; a run stops at its next safe point once the window has closed.
 */
public interface WindowCalendar {
    /** The end of the window open at {@code t} (the latest end if windows overlap); empty when closed or frozen. */
    Optional<Instant> openUntil(Instant t);

    /** The earliest instant at or after {@code t} at which an operation may start; empty if none within a year. */
    Optional<Instant> nextStart(Instant t);

    /** The freeze in force at {@code t}, described (e.g. "year-end freeze until 2027-01-04 00:00 UTC"). */
    Optional<String> freezeAt(Instant t);

    /** A one-line description of the windows for messages (e.g. "0 0 2 ? * TUE-THU for 3h (Europe/Berlin)"). */
    String describe();
}
