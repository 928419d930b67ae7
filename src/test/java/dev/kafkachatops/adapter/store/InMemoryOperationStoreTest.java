package dev.kafkachatops.adapter.store;

import dev.kafkachatops.port.OperationStore;

class InMemoryOperationStoreTest extends OperationStoreContract {
    private final InMemoryOperationStore store = new InMemoryOperationStore();

    @Override
    protected OperationStore store() {
        return store;
    }
}
