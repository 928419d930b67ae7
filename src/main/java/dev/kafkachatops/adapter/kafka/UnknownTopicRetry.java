package dev.kafkachatops.adapter.kafka;

import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * A read that lists topics and then describes them: a topic listed a moment ago can be unknown to the broker asked
 * next (a new topic not yet in its metadata) or deleted in between. The whole read is done again, up to
 * {@link #ATTEMPTS} times, 200 ms more apart each time, before its failure is taken.
 */
final class UnknownTopicRetry {
    static final int ATTEMPTS = 5;

    /** One attempt of the read. */
    interface Read<T, X extends Exception> {
        T read() throws X;
    }

    private UnknownTopicRetry() {
    }

    @SuppressWarnings("unchecked")
    static <T, X extends Exception> T read(Read<T, X> read) throws X {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.read();
            } catch (Exception e) { // only X or an unchecked exception: read() declares nothing else
                if (attempt >= ATTEMPTS || !unknownTopic(e)) throw (X) e;
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw (X) e;
                }
            }
        }
    }

    private static boolean unknownTopic(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownTopicOrPartitionException) return true;
        }
        return false;
    }
}
