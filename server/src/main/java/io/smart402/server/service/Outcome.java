package io.smart402.server.service;

import io.smart402.core.store.WriteAck;

/** What became of one submitted contract: stored durably, or refused with a domain reason. */
public sealed interface Outcome {

    /**
     * Committed on the shard primary.
     *
     * @param document the processed document as stored, compact UTF-8 JSON (the bytes the GET returns; the
     *                 record's array, shared: never modify it)
     */
    record Stored(String id, byte[] document, WriteAck ack) implements Outcome {
    }

    /**
     * Not stored.
     *
     * @param id the contract id when known, else null
     */
    record Refused(String id, Refusal reason) implements Outcome {
    }
}
