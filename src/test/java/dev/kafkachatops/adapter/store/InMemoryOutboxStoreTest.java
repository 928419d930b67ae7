package dev.kafkachatops.adapter.store;

import dev.kafkachatops.port.OutboxStore;

/** The outbox contract in memory. */
class InMemoryOutboxStoreTest extends OutboxStoreContract {
    private final InMemoryOutboxStore store = new InMemoryOutboxStore();

    @Override
    protected OutboxStore store() {
        return store;
    }
}
