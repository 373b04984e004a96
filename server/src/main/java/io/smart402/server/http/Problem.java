package io.smart402.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem detail.
 *
 * @param type       a URI under {@code https://smart402.io/problems/}
 * @param status     the HTTP status
 * @param extensions extra members, e.g. {@code errors}
 * @param retryAfterSeconds when positive, sent as {@code Retry-After}
 */
public record Problem(String type, String title, int status, String detail, Map<String, JsonNode> extensions,
                      long retryAfterSeconds) {

    public static final String BASE = "https://smart402.io/problems/";

    public Problem {
        extensions = Map.copyOf(extensions);
    }

    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(BASE + slug, title, status, detail, Map.of(), 0);
    }

    public Problem with(String member, JsonNode value) {
        Map<String, JsonNode> copy = new LinkedHashMap<>(extensions);
        copy.put(member, value);
        return new Problem(type, title, status, detail, copy, retryAfterSeconds);
    }

    public Problem retryAfter(long seconds) {
        return new Problem(type, title, status, detail, extensions, seconds);
    }

    /** The problem document; {@code instance} is the request path when known. */
    public ObjectNode toJson(String instance) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("type", type);
        node.put("title", title);
        node.put("status", status);
        if (detail != null) {
            node.put("detail", detail);
        }
        if (instance != null) {
            node.put("instance", instance);
        }
        extensions.forEach(node::set);
        return node;
    }
}
