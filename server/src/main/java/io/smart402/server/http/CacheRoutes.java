package io.smart402.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.cache.TwoLevelCache;
import java.io.IOException;
import java.util.Iterator;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code POST /admin/cache/invalidate} with {@code {"key": "<id>"}} or {@code {"pattern": "<Redis glob>"}}:
 * drops the entries here and in L2 and tells the other instances. Admin key only (wrapped by
 * {@code AdminGuard}); a body that is not exactly one of those is a 400 problem.
 */
public final class CacheRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 4096;

    private final TwoLevelCache<byte[]> cache;

    /** @param cache null when caching is off (the endpoint then answers with zero counts) */
    public CacheRoutes(TwoLevelCache<byte[]> cache) {
        this.cache = cache;
    }

    public Publisher<Void> invalidate(HttpServerRequest request, HttpServerResponse response) {
        return BodyReader.read(request, MAX_BODY, "request body").flatMap(body -> {
            JsonNode node;
            try {
                node = JSON.readTree(body);
            } catch (IOException e) {
                return Mono.error(bad("the body must be a JSON object {\"key\": \"...\"} or {\"pattern\": \"...\"}"));
            }
            String field = onlyField(node);
            if (field == null || !node.get(field).isTextual() || node.get(field).asText().isEmpty()) {
                return Mono.error(bad("the body must be exactly one of {\"key\": \"<id>\"} or "
                        + "{\"pattern\": \"<glob, e.g. aeo:*>\"} with a non-empty string"));
            }
            String value = node.get(field).asText();
            ObjectNode doc = JsonNodeFactory.instance.objectNode();
            doc.put("enabled", cache != null).put(field, value);
            if (cache == null) {
                return Mono.from(Responses.json(response, 200, doc.put("l1", 0).put("l2", 0)));
            }
            if (field.equals("key")) {
                return cache.invalidate(value).then(Mono.defer(() -> Mono.from(Responses.json(response, 200,
                        doc.put("invalidated", true)))));
            }
            return cache.invalidatePattern(value).flatMap(n -> Mono.from(Responses.json(response, 200,
                    doc.put("l1", n.l1()).put("l2", n.l2()))));
        });
    }

    private static String onlyField(JsonNode node) {
        if (node == null || !node.isObject() || node.size() != 1) {
            return null;
        }
        Iterator<String> names = node.fieldNames();
        String name = names.next();
        return name.equals("key") || name.equals("pattern") ? name : null;
    }

    private static ProblemException bad(String detail) {
        return new ProblemException(Problems.badRequest("invalid-body", "Invalid request body", detail));
    }
}
