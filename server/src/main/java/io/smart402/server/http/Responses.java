package io.smart402.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.smart402.core.logging.RequestIds;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** Writes JSON and problem responses. */
public final class Responses {

    public static final String JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final Logger LOG = LoggerFactory.getLogger(Responses.class);

    private Responses() {
    }

    /** A JSON tree or a view (a record), as JSON bytes. */
    public static byte[] bytes(Object view) {
        try {
            return MAPPER.writeValueAsBytes(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("views are plain records and JSON trees: they always serialize", e);
        }
    }

    public static Publisher<Void> json(HttpServerResponse response, int status, Object body) {
        return text(response, status, JSON, bytes(body));
    }

    public static Publisher<Void> text(HttpServerResponse response, int status, String contentType, byte[] body) {
        return response.status(HttpResponseStatus.valueOf(status))
                .header(HttpHeaderNames.CONTENT_TYPE, contentType)
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
                .sendByteArray(Mono.just(body));
    }

    public static Publisher<Void> problem(HttpServerRequest request, HttpServerResponse response, Problem problem) {
        if (problem.retryAfterSeconds() > 0) {
            response.header(HttpHeaderNames.RETRY_AFTER, Long.toString(problem.retryAfterSeconds()));
        }
        ObjectNode json = problem.toJson(request.path().isEmpty() ? "/" : "/" + request.path());
        // The request id (set on the response by HttpMetrics.route) lets a client quote the one log trail to look at.
        String requestId = response.responseHeaders().get(RequestIds.HEADER);
        if (requestId != null) {
            json.put("requestId", requestId);
        }
        byte[] body = bytes(json);
        return text(response, problem.status(), PROBLEM_JSON, body);
    }

    /**
     * Runs {@code handler} in a later task of the connection's event loop instead of inside the one that received
     * the request. A handler that answers synchronously (health, stats, a cache hit, a 404) right after an
     * asynchronous answer on the same keep-alive connection (a POST stored on the database's thread) could leave
     * the connection no longer reading: reactor/reactor-netty#4361, seen on Reactor Netty 1.3.7 as client read
     * timeouts under the bench's mixed load. Deferring makes every answer asynchronous, the path that works; it
     * costs one task hand-off per request.
     */
    public static Mono<Void> afterThisTask(HttpServerRequest request, Mono<Void> handler) {
        io.netty.channel.Channel[] channel = new io.netty.channel.Channel[1];
        request.withConnection(c -> channel[0] = c.channel());
        if (channel[0] == null) {
            return handler;
        }
        io.netty.channel.EventLoop loop = channel[0].eventLoop();
        return Mono.<Boolean>create(sink -> loop.execute(() -> sink.success(Boolean.TRUE))).then(handler);
    }

    /** Turns any error of {@code handler} into a problem response, when nothing has been sent yet. */
    public static Publisher<Void> guarded(HttpServerRequest request, HttpServerResponse response,
                                          Publisher<Void> handler) {
        return Mono.from(handler).onErrorResume(e -> {
            if (response.hasSentHeaders()) {
                return Mono.error(e);
            }
            Problem problem = Problems.from(e);
            if ((Problem.BASE + "internal").equals(problem.type())) {
                // The answer says nothing internal; the log must, or an unexpected 500 cannot be traced.
                return Mono.deferContextual(context -> {
                    RequestIds.logWith(context, () -> LOG.error("{} {} answered 500: unexpected error",
                            request.method(), request.uri(), e));
                    return Mono.from(problem(request, response, problem));
                });
            }
            return Mono.from(problem(request, response, problem));
        });
    }
}
