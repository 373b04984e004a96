package io.smart402.server.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smart402.server.metrics.ServerMeters;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Times every request as {@code http.server.requests} (Prometheus: {@code http_server_requests_seconds})
 * tagged by method, route template and status, and counts requests in flight.
 */
public final class HttpMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();

    public HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
        ServerMeters.HTTP_REQUESTS_ACTIVE.gauge(inFlight, AtomicInteger::get).register(registry);
    }

    /** Wraps a handler: errors become problem responses, and the exchange is timed. */
    public BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> route(
            String uri, BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
        return (request, response) -> {
            Timer.Sample sample = Timer.start(registry);
            inFlight.incrementAndGet();
            return Responses.afterThisTask(request, Mono.defer(() -> Mono.from(Responses.guarded(request, response,
                            Mono.defer(() -> Mono.from(handler.apply(request, response)))))))
                    .doFinally(signal -> {
                        inFlight.decrementAndGet();
                        sample.stop(ServerMeters.HTTP_REQUESTS.timer()
                                .tag("method", request.method().name())
                                .tag("uri", uri)
                                .tag("status", Integer.toString(response.status().code()))
                                .register(registry));
                    });
        };
    }

    public int inFlight() {
        return inFlight.get();
    }
}
