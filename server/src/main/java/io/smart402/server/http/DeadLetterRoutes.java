package io.smart402.server.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.smart402.server.service.GuardedWrites;
import io.smart402.server.view.DeadLetterPageView;
import java.util.List;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code GET /admin/dead-letters?limit=&after=} (a page, oldest first, with {@code next} for the following
 * page and {@code unreachable} nodes when it is partial), {@code POST /admin/dead-letters/{id}/replay}
 * (writes the record again; 200 and the letter is gone, or a 5xx problem and it stays with one more
 * attempt), {@code DELETE /admin/dead-letters/{id}} (204). Admin key only (wrapped by {@code AdminGuard}).
 */
public final class DeadLetterRoutes {

    private static final int MAX_LIMIT = 500;

    private final GuardedWrites writes;

    public DeadLetterRoutes(GuardedWrites writes) {
        this.writes = writes;
    }

    public Publisher<Void> list(HttpServerRequest request, HttpServerResponse response) {
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        String after = first(query, "after");
        int limit;
        try {
            String text = first(query, "limit");
            limit = text == null ? 50 : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            return Mono.error(new ProblemException(Problems.badRequest("invalid-parameter", "Invalid parameter",
                    "limit must be an integer from 1 to " + MAX_LIMIT)));
        }
        int pageSize = limit;
        return writes.deadLetters().list(after, pageSize).flatMap(page -> {
            String next = page.nextAfter(pageSize);
            return Mono.from(Responses.json(response, 200, new DeadLetterPageView(
                    page.letters().stream().map(DeadLetterPageView.Item::of).toList(),
                    next == null ? null : "/admin/dead-letters?limit=" + pageSize + "&after=" + next,
                    !page.unreachable().isEmpty(), List.copyOf(page.unreachable()))));
        });
    }

    public Publisher<Void> replay(HttpServerRequest request, HttpServerResponse response) {
        String id = request.param("id");
        return writes.deadLetters().find(id)
                .switchIfEmpty(Mono.error(() -> new ProblemException(Problems.notFound("no dead letter with id '" + id + "'"))))
                .flatMap(letter -> writes.replay(letter))
                .flatMap(ack -> Mono.from(Responses.json(response, 200, JsonNodeFactory.instance.objectNode()
                        .put("id", id).put("replayed", true).put("contract", ack.id()).put("shard", ack.shard())
                        .put("node", ack.node()).put("version", ack.version()))));
    }

    public Publisher<Void> delete(HttpServerRequest request, HttpServerResponse response) {
        String id = request.param("id");
        return writes.delete(id).flatMap(existed -> existed
                ? Mono.from(response.status(204).send())
                : Mono.error(new ProblemException(Problems.notFound("no dead letter with id '" + id + "'"))));
    }

    private static String first(QueryStringDecoder query, String name) {
        List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
