package dev.kafkachatops.ops;

import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.domain.ops.StateNote;

import java.util.Optional;

/**
 * The {@link StateNote} of an operation in its stored form (JSON in the state-detail column); a detail an earlier
 * version stored as text reads as a {@link StateNote.Reason#LEGACY} note.
 */
public final class StateNotes {
    private StateNotes() {
    }

    public static String write(StateNote note) {
        return PlanCodec.write(note);
    }

    public static Optional<StateNote> read(Operation op) {
        return op.stateDetail().map(String::strip).filter(d -> !d.isEmpty()).map(d -> d.startsWith("{")
                ? PlanCodec.read(d, StateNote.class)
                : new StateNote(StateNote.Reason.LEGACY, Optional.empty(), Optional.empty(), Optional.empty(), d));
    }
}
