package io.smart402.core.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One processed contract as stored: the document and the columns derived from it.
 *
 * <p>The document is kept as the UTF-8 bytes it was serialized to once; the database write, the replica copies
 * and the HTTP answer all send these bytes, so a processed document is never re-encoded on its way out.
 * Treat the array as immutable: it is shared, not copied.
 *
 * @param version  the writer's hybrid logical clock value; a copy keeps the highest version it has seen
 * @param document the processed document as compact JSON, UTF-8
 */
public record ContractRecord(String id, long version, String digest, String type, String status, byte[] document) {

    public ContractRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(document, "document");
    }

    /** A record whose document is JSON text (as read back from a database row). */
    public ContractRecord(String id, long version, String digest, String type, String status, String json) {
        this(id, version, digest, type, status, Objects.requireNonNull(json, "json").getBytes(StandardCharsets.UTF_8));
    }

    /** The document as JSON text, for the consumers that keep text (caches, dead letters). */
    public String json() {
        return new String(document, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContractRecord r && version == r.version && id.equals(r.id) && digest.equals(r.digest)
                && type.equals(r.type) && status.equals(r.status) && Arrays.equals(document, r.document);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, version, digest, type, status, Arrays.hashCode(document));
    }

    @Override
    public String toString() {
        return "ContractRecord[id=" + id + ", version=" + version + ", digest=" + digest + ", type=" + type
                + ", status=" + status + ", document=" + document.length + " bytes]";
    }
}
