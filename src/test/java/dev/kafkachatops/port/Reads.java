package dev.kafkachatops.port;

import org.junit.jupiter.api.function.ThrowingSupplier;

/** Reading a port again until it shows what the cluster does in its own time (the contracts' waits). */
public final class Reads {
    public static final int MAX_READS = 300;

    /** Between two reads: a fake moves on with each read, a real cluster with time. */
    public interface Pause {
        void pause() throws InterruptedException;
    }

    private Reads() {
    }

    public static void until(String what, Pause pause, ThrowingSupplier<Boolean> done) throws Throwable {
        for (int read = 0; read < MAX_READS; read++) {
            if (done.get()) return;
            pause.pause();
        }
        throw new AssertionError("not seen within " + MAX_READS + " reads: " + what);
    }
}
