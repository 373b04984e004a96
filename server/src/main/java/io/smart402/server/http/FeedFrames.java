package io.smart402.server.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.smart402.server.feed.FeedEvent;
import io.smart402.shard.feed.Change;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Encodes change feed events as SSE frames or NDJSON lines; documents are copied as stored, not re-parsed. */
final class FeedFrames {

    private final boolean sse;

    FeedFrames(boolean sse) {
        this.sse = sse;
    }

    /** What opens the stream: SSE's reconnection hint; nothing for NDJSON. */
    byte[] prelude(Duration retry) {
        return sse ? ("retry: " + retry.toMillis() + "\n\n").getBytes(StandardCharsets.UTF_8) : new byte[0];
    }

    /** An SSE comment, or an NDJSON heartbeat line: traffic that keeps proxies from closing an idle stream. */
    byte[] heartbeat() {
        return (sse ? ": heartbeat\n\n" : "{\"event\":\"heartbeat\"}\n").getBytes(StandardCharsets.UTF_8);
    }

    byte[] event(FeedEvent event) {
        String data = data(event);
        StringBuilder out = new StringBuilder(data.length() + event.cursor().length() + 64);
        if (sse) {
            out.append("id: ").append(event.cursor()).append("\nevent: ").append(event.kind()).append('\n');
            // JSON may hold raw line breaks between tokens; one data: line each keeps the text exact.
            for (String line : data.split("\r\n|\r|\n", -1)) {
                out.append("data: ").append(line).append('\n');
            }
            out.append('\n');
        } else {
            String compact = data.indexOf('\n') >= 0 || data.indexOf('\r') >= 0
                    ? data.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ') : data;
            out.append("{\"event\":").append(quote(event.kind())).append(",\"cursor\":").append(quote(event.cursor()))
                    .append(',').append(compact, 1, compact.length()).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The event's data as one JSON object. */
    private static String data(FeedEvent event) {
        Change c = event.change();
        if (c == null) {
            StringBuilder out = new StringBuilder("{\"shard\":").append(quote(event.shard()));
            if (event.reason() != null) {
                out.append(",\"reason\":").append(quote(event.reason()));
            }
            return out.append('}').toString();
        }
        StringBuilder out = new StringBuilder(64 + (c.document() == null ? 0 : c.document().length()))
                .append("{\"id\":").append(quote(c.id()))
                .append(",\"shard\":").append(quote(c.shard()))
                .append(",\"version\":").append(c.version())
                .append(",\"type\":").append(quote(c.type()))
                .append(",\"status\":").append(quote(c.status()));
        if (c.document() != null) {
            out.append(",\"document\":").append(c.document());
        }
        return out.append('}').toString();
    }

    private static String quote(String text) {
        return JsonNodeFactory.instance.textNode(text).toString();
    }
}
