package io.smart402.server.service;

import io.smart402.core.store.ContractRecord;
import reactor.core.publisher.Mono;

/**
 * Told of every committed write (new or replayed) before its acknowledgement is emitted, so that what it
 * updates (the cache) is current when the client hears back. Its errors are ignored: the write stands.
 */
@FunctionalInterface
public interface WriteListener {

    Mono<Void> written(ContractRecord record);

    static WriteListener none() {
        return record -> Mono.empty();
    }
}
