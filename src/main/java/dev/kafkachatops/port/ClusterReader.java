package dev.kafkachatops.port;

import dev.kafkachatops.domain.ClusterStatus;

/** Reads the live state of one cluster. Implemented over the Kafka Admin API. */
public interface ClusterReader {

    /** @throws ClusterUnavailableException when the cluster cannot be read; its message is one line for a person */
    ClusterStatus status() throws ClusterUnavailableException;

    final class ClusterUnavailableException extends Exception {
        public ClusterUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
