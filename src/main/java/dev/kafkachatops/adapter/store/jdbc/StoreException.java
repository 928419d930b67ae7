package dev.kafkachatops.adapter.store.jdbc;

/** The database could not be reached, migrated or queried; the message says which and why. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
