package io.smart402.server.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.smart402.server.view.ReadinessView;
import io.smart402.server.view.StatsView;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** {@code /health}, {@code /ready}, {@code /metrics} and {@code /stats}. */
public final class OpsRoutes {

    private final PrometheusMeterRegistry prometheus;
    private final Supplier<Mono<ReadinessView>> readiness;
    private final Supplier<StatsView> stats;

    /**
     * @param readiness emits the readiness view (200 when ready, else 503)
     * @param stats     builds the {@code /stats} view
     */
    public OpsRoutes(PrometheusMeterRegistry prometheus, Supplier<Mono<ReadinessView>> readiness,
                     Supplier<StatsView> stats) {
        this.prometheus = prometheus;
        this.readiness = readiness;
        this.stats = stats;
    }

    public Publisher<Void> health(HttpServerRequest request, HttpServerResponse response) {
        return Responses.json(response, 200, Map.of("status", "UP"));
    }

    public Publisher<Void> ready(HttpServerRequest request, HttpServerResponse response) {
        return readiness.get().flatMap(view -> Mono.from(Responses.json(response, view.ready() ? 200 : 503, view)));
    }

    public Publisher<Void> metrics(HttpServerRequest request, HttpServerResponse response) {
        return Responses.text(response, 200, "text/plain; version=0.0.4; charset=utf-8",
                prometheus.scrape().getBytes(StandardCharsets.UTF_8));
    }

    public Publisher<Void> stats(HttpServerRequest request, HttpServerResponse response) {
        return Responses.json(response, 200, stats.get());
    }
}
