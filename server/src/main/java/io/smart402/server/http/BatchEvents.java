package io.smart402.server.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.server.service.Outcome;
import java.nio.charset.StandardCharsets;

/** Encodes one batch item's outcome as an SSE event or an NDJSON line. */
final class BatchEvents {

    private BatchEvents() {
    }

    /**
     * The event payload: line number, id, status, the request's id (null outside a request) and either the stored
     * document (unless {@code summary}) or the problem details.
     */
    static String payload(long line, Outcome outcome, boolean summary, String requestId) {
        ObjectNode envelope = JsonNodeFactory.instance.objectNode();
        envelope.put("line", line);
        if (outcome instanceof Outcome.Stored s) {
            envelope.put("id", s.id());
            envelope.put("status", "processed");
            envelope.put("shard", s.ack().shard());
            envelope.put("node", s.ack().node());
            envelope.put("version", s.ack().version());
            requestId(envelope, requestId);
            String head = Responses.utf8(Responses.bytes(envelope));
            // The stored JSON text is spliced in as is: it is already compact JSON, re-encoding it costs CPU.
            return summary ? head : head.substring(0, head.length() - 1) + ",\"document\":" + s.json() + "}";
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
        return Responses.utf8(Responses.bytes(envelope));
    }

    private static void requestId(ObjectNode envelope, String requestId) {
        if (requestId != null) {
            envelope.put("requestId", requestId);
        }
    }

    static byte[] sse(long line, Outcome outcome, boolean summary, String requestId) {
        String id = idOf(outcome);
        String event = outcome instanceof Outcome.Stored ? "processed" : "problem";
        String data = payload(line, outcome, summary, requestId);
        return ("id: " + (id == null ? Long.toString(line) : id) + "\nevent: " + event + "\ndata: " + data + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] ndjson(long line, Outcome outcome, boolean summary, String requestId) {
        return (payload(line, outcome, summary, requestId) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String idOf(Outcome outcome) {
        String id = outcome instanceof Outcome.Stored s ? s.id() : ((Outcome.Refused) outcome).id();
        // An id with a line break would break SSE framing; such ids fail validation, but never trust it here.
        return id == null || id.indexOf('\n') >= 0 || id.indexOf('\r') >= 0 ? null : id;
    }
}
