package io.smart402.core.store;

import java.util.Objects;

/**
 * One processed contract as stored: the document and the columns derived from it.
 *
 * @param version the writer's hybrid logical clock value; a copy keeps the highest version it has seen
 * @param json    the processed document as compact JSON text
 */
public record ContractRecord(String id, long version, String digest, String type, String status, String json) {

    public ContractRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(json, "json");
    }
}
