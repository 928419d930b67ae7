package dev.kafkachatops.run;

import java.time.Duration;

/** Waits between polls; the runners take one so tests pass one that advances a fake clock instead. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
}
