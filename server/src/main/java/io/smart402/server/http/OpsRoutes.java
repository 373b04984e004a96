package io.smart402.server.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** {@code /health}, {@code /ready}, {@code /metrics} and {@code /stats}. */
public final class OpsRoutes {

    private final PrometheusMeterRegistry prometheus;
    private final Supplier<Mono<ObjectNode>> readiness;
    private final Supplier<ObjectNode> stats;

    /**
     * @param readiness emits a document with a boolean {@code ready} member
     * @param stats     builds the {@code /stats} document
     */
    public OpsRoutes(PrometheusMeterRegistry prometheus, Supplier<Mono<ObjectNode>> readiness,
                     Supplier<ObjectNode> stats) {
        this.prometheus = prometheus;
        this.readiness = readiness;
        this.stats = stats;
    }

    public Publisher<Void> health(HttpServerRequest request, HttpServerResponse response) {
        return Responses.json(response, 200, JsonNodeFactory.instance.objectNode().put("status", "UP"));
    }

    public Publisher<Void> ready(HttpServerRequest request, HttpServerResponse response) {
        return readiness.get().flatMap(doc -> Mono.from(Responses.json(response,
                doc.path("ready").asBoolean() ? 200 : 503, doc)));
    }

    public Publisher<Void> metrics(HttpServerRequest request, HttpServerResponse response) {
        return Responses.text(response, 200, "text/plain; version=0.0.4; charset=utf-8",
                prometheus.scrape().getBytes(StandardCharsets.UTF_8));
    }

    public Publisher<Void> stats(HttpServerRequest request, HttpServerResponse response) {
        return Responses.json(response, 200, stats.get());
    }
}
