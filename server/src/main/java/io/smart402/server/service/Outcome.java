package io.smart402.server.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.store.WriteAck;

/** What became of one submitted contract: stored durably, or refused with a domain reason. */
public sealed interface Outcome {

    /**
     * Committed on the shard primary.
     *
     * @param json the processed document as stored (exact bytes the GET returns)
     */
    record Stored(String id, ObjectNode document, String json, WriteAck ack) implements Outcome {
    }

    /**
     * Not stored.
     *
     * @param id the contract id when known, else null
     */
    record Refused(String id, Refusal reason) implements Outcome {
    }
}
