package io.smart402.core.resilience.deadletter;

import reactor.core.publisher.Mono;

/** Where dead letters are kept durably (implemented on the shard fleet by {@code R2dbcDeadLetterStore}). */
public interface DeadLetterStore {

    /** Writes a letter durably; emits it once committed. */
    Mono<DeadLetter> save(DeadLetter letter);

    /**
     * Letters with an id greater than {@code after} (null = from the start), ascending, at most
     * {@code limit}; says which storage nodes could not be read (an explicit partial page).
     */
    Mono<DeadLetterPage> list(String after, int limit);

    /** The letter with {@code id}, or empty. */
    Mono<DeadLetter> find(String id);

    /** Replaces a letter's error, attempts and last failure time (after a failed replay). */
    Mono<Void> update(DeadLetter letter);

    /** Deletes a letter; emits whether it existed. */
    Mono<Boolean> delete(String id);

    /** How many letters are kept. */
    Mono<Long> count();
}
