package io.smart402.core.store;

import reactor.core.publisher.Mono;

/** Where processed contracts are kept (implemented by the sharded PostgreSQL store). */
public interface ContractStore {

    /**
     * Writes one record; emits its ack once it is committed. Implementations batch concurrent writes among
     * themselves, so callers write records one by one with bounded concurrency.
     */
    Mono<WriteAck> write(ContractRecord record);

    /** The stored document JSON, or empty when the id is unknown. */
    Mono<String> findById(String id);
}
