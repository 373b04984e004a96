package io.smart402.server.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.server.service.Outcome;
import java.nio.charset.StandardCharsets;

/** Encodes one batch item's outcome as an SSE event or an NDJSON line. */
final class BatchEvents {

    private static final byte[] DOCUMENT = ",\"document\":".getBytes(StandardCharsets.UTF_8);

    private BatchEvents() {
    }

    /**
     * The event payload: line number, id, status, the request's id (null outside a request) and either the stored
     * document (unless {@code summary}) or the problem details; UTF-8, between {@code prefix} and {@code suffix}.
     */
    static byte[] payload(long line, Outcome outcome, boolean summary, String requestId, String prefix,
                          String suffix) {
        ObjectNode envelope = JsonNodeFactory.instance.objectNode();
        envelope.put("line", line);
        if (outcome instanceof Outcome.Stored s) {
            envelope.put("id", s.id());
            envelope.put("status", "processed");
            envelope.put("shard", s.ack().shard());
            envelope.put("node", s.ack().node());
            envelope.put("version", s.ack().version());
            requestId(envelope, requestId);
            byte[] head = Responses.bytes(envelope);
            // The stored document's bytes are spliced in as they are: already compact JSON, the very bytes
            // written to the store, so they are neither parsed nor encoded again.
            return summary ? frame(prefix, head, head.length, null, suffix)
                    : frame(prefix, head, head.length - 1, s.document(), "}" + suffix);
        }
        Outcome.Refused r = (Outcome.Refused) outcome;
        if (r.id() == null) {
            envelope.putNull("id");
        } else {
            envelope.put("id", r.id());
        }
        Problem problem = Problems.of(r.reason());
        envelope.put("status", problem.status() == 400 || problem.status() == 413 ? "rejected" : "failed");
        requestId(envelope, requestId);
        envelope.set("problem", problem.toJson(null));
        byte[] body = Responses.bytes(envelope);
        return frame(prefix, body, body.length, null, suffix);
    }

    /** prefix, the first {@code headLength} bytes of head, then {@code ,"document":} and the document if any, suffix. */
    private static byte[] frame(String prefix, byte[] head, int headLength, byte[] document, String suffix) {
        byte[] before = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] after = suffix.getBytes(StandardCharsets.UTF_8);
        int length = before.length + headLength + (document == null ? 0 : DOCUMENT.length + document.length)
                + after.length;
        byte[] out = new byte[length];
        int at = put(out, 0, before, before.length);
        at = put(out, at, head, headLength);
        if (document != null) {
            at = put(out, at, DOCUMENT, DOCUMENT.length);
            at = put(out, at, document, document.length);
        }
        put(out, at, after, after.length);
        return out;
    }

    private static int put(byte[] out, int at, byte[] part, int length) {
        System.arraycopy(part, 0, out, at, length);
        return at + length;
    }

    private static void requestId(ObjectNode envelope, String requestId) {
        if (requestId != null) {
            envelope.put("requestId", requestId);
        }
    }

    static byte[] sse(long line, Outcome outcome, boolean summary, String requestId) {
        String id = idOf(outcome);
        String event = outcome instanceof Outcome.Stored ? "processed" : "problem";
        return payload(line, outcome, summary, requestId,
                "id: " + (id == null ? Long.toString(line) : id) + "\nevent: " + event + "\ndata: ", "\n\n");
    }

    static byte[] ndjson(long line, Outcome outcome, boolean summary, String requestId) {
        return payload(line, outcome, summary, requestId, "", "\n");
    }

    private static String idOf(Outcome outcome) {
        String id = outcome instanceof Outcome.Stored s ? s.id() : ((Outcome.Refused) outcome).id();
        // An id with a line break would break SSE framing; such ids fail validation, but never trust it here.
        return id == null || id.indexOf('\n') >= 0 || id.indexOf('\r') >= 0 ? null : id;
    }
}
