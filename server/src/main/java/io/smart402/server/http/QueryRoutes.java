package io.smart402.server.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.smart402.core.contract.ContractType;
import io.smart402.server.admission.AdmissionControl;
import io.smart402.server.config.ServerConfig;
import io.smart402.shard.query.ScatterGather;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code GET /contracts?type=&status=&limit=&cursor=}: one page of the scatter-gather listing, in id order.
 * The body is {@code {"items":[documents], "nextCursor": "…" | null, "partial": false}}; when shards could not be
 * read, {@code "partial": true} and {@code "unavailableShards"} say so and the response carries
 * {@code X-Partial-Result: true}. When no shard can be read at all it is a 503 problem instead.
 */
public final class QueryRoutes {

    public static final String PARTIAL_HEADER = "X-Partial-Result";

    private final ScatterGather scatter;
    private final AdmissionControl admission;
    private final ServerConfig.Query config;

    public QueryRoutes(ScatterGather scatter, AdmissionControl admission, ServerConfig.Query config) {
        this.scatter = scatter;
        this.admission = admission;
        this.config = config;
    }

    /** A client endpoint like the others: the caller is identified and charged one permit first. */
    public Publisher<Void> list(HttpServerRequest request, HttpServerResponse response) {
        return admission.admit(request, response).then(Mono.defer(() -> page(request, response)));
    }

    private Mono<Void> page(HttpServerRequest request, HttpServerResponse response) {
        Map<String, List<String>> params = new QueryStringDecoder(request.uri()).parameters();
        int limit = limit(first(params, "limit"));
        String after = first(params, "cursor") == null ? null : decodeCursor(first(params, "cursor"));
        String type = first(params, "type");
        if (type != null) {
            // Aliases (e.g. "payment") list the canonical type the documents are stored under.
            type = ContractType.known(type).map(ContractType::canonicalName).orElse(type);
        }
        ScatterGather.Query query = new ScatterGather.Query(type, first(params, "status"), after, limit);
        return scatter.list(query).flatMap(page -> {
            if (page.items().isEmpty() && page.partial()
                    && page.unavailableShards().size() == scatter.shardCount()) {
                return Mono.error(new ProblemException(Problems.noShardReadable(page.unavailableShards())));
            }
            if (page.partial()) {
                response.header(PARTIAL_HEADER, "true");
            }
            return Mono.from(Responses.text(response, 200, Responses.JSON, body(page)));
        });
    }

    /** The page as JSON; documents are copied as stored, without parsing them again. */
    private static byte[] body(ScatterGather.Page page) {
        StringBuilder out = new StringBuilder(page.items().stream().mapToInt(i -> i.document().length() + 1).sum() + 64);
        out.append("{\"items\":[");
        for (int i = 0; i < page.items().size(); i++) {
            out.append(i == 0 ? "" : ",").append(page.items().get(i).document());
        }
        out.append("],\"nextCursor\":")
                .append(page.nextAfter() == null ? "null" : quote(encodeCursor(page.nextAfter())))
                .append(",\"partial\":").append(page.partial());
        if (page.partial()) {
            out.append(",\"unavailableShards\":").append(strings(page.unavailableShards()));
        }
        return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private int limit(String value) {
        if (value == null) {
            return config.defaultLimit();
        }
        int limit;
        try {
            limit = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ProblemException(Problems.invalidParameter("limit", "limit must be an integer from 1 to "
                    + config.maxLimit() + ", was '" + value + "'"));
        }
        if (limit < 1 || limit > config.maxLimit()) {
            throw new ProblemException(Problems.invalidParameter("limit", "limit must be from 1 to "
                    + config.maxLimit() + ", was " + limit));
        }
        return limit;
    }

    /** The opaque cursor of the page after {@code id}: base64url (no padding) of its UTF-8 bytes. */
    public static String encodeCursor(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
    }

    static String decodeCursor(String cursor) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(cursor.trim());
            if (bytes.length == 0) {
                throw new IllegalArgumentException("empty");
            }
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw new ProblemException(Problems.invalidParameter("cursor",
                    "cursor is not one this server issued (use nextCursor from a previous page as it is)"));
        }
    }

    /** The first value of a parameter; an empty value counts as absent. */
    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
            return null;
        }
        return values.get(0);
    }

    private static String quote(String text) {
        return JsonNodeFactory.instance.textNode(text).toString();
    }

    private static com.fasterxml.jackson.databind.node.ArrayNode strings(List<String> values) {
        com.fasterxml.jackson.databind.node.ArrayNode array = JsonNodeFactory.instance.arrayNode();
        values.forEach(array::add);
        return array;
    }
}
