package io.smart402.core.store;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Where processed contracts are kept (implemented by the sharded PostgreSQL store). */
public interface ContractStore {

    /**
     * Writes a stream of records, batching as the implementation sees fit; one ack per record once it is
     * committed, in completion order. Consumes its input only as fast as writes complete.
     */
    Flux<WriteAck> writeAll(Flux<ContractRecord> records);

    /** Writes one record. */
    default Mono<WriteAck> write(ContractRecord record) {
        return writeAll(Flux.just(record)).single();
    }

    /** The stored document JSON, or empty when the id is unknown. */
    Mono<String> findById(String id);
}
