package io.smart402.server.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.smart402.core.logging.RequestIds;
import io.smart402.core.metrics.LatencyBuckets;
import io.smart402.server.config.ServerConfig;
import io.smart402.server.logging.AccessLog;
import io.smart402.server.logging.AccessRecord;
import io.smart402.server.metrics.ServerMeters;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Times every request as {@code http.server.requests} (Prometheus: {@code http_server_requests_seconds}, a
 * histogram with {@link LatencyBuckets#REQUEST} buckets) tagged by method, route template and status, and counts
 * requests in flight.
 */
public final class HttpMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();

    private final LingeringClose lingering;

    /** @param lingering how long and how much of a refused request's body is read before closing */
    public HttpMetrics(MeterRegistry registry, ServerConfig.Lingering lingering) {
        this.registry = registry;
        this.lingering = new LingeringClose(lingering);
        ServerMeters.HTTP_REQUESTS_ACTIVE.gauge(inFlight, AtomicInteger::get).register(registry);
    }

    /**
     * Wraps a handler: errors become problem responses, the exchange is timed and written to the access log, and
     * it runs with its request id (the client's {@code X-Request-Id} if acceptable, else a new one; echoed in the
     * response) in the Reactor context, where every log line about the request finds it.
     */
    public BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> route(
            String uri, BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
        RouteTimers timers = new RouteTimers(registry, uri);
        return (request, response) -> {
            Timer.Sample sample = Timer.start(registry);
            inFlight.incrementAndGet();
            String requestId = RequestIdHeader.acceptOrGenerate(request.requestHeaders().get(RequestIds.HEADER));
            response.header(RequestIds.HEADER, requestId);
            AccessRecord access = new AccessRecord();
            return Responses.afterThisTask(request, Mono.defer(() -> Mono.from(Responses.guarded(request, response,
                            Mono.defer(() -> Mono.from(handler.apply(request, response)))
                                    .onErrorResume(e -> response.hasSentHeaders() ? Mono.error(e)
                                            : lingering.beforeRefusal(request).then(Mono.error(e)))))))
                    .then(Mono.defer(() -> lingering.after(request, response)))
                    .doFinally(signal -> {
                        inFlight.decrementAndGet();
                        long nanos = sample.stop(timers.get(request.method().name(), response.status().code()));
                        if (AccessLog.enabled()) {
                            AccessLog.write(request.method().name(), request.fullPath(), response.status().code(),
                                    bodyBytes(response, access), nanos, access.client(), requestId);
                        }
                    })
                    .contextWrite(context -> RequestIds.with(access.putIn(context), requestId));
        };
    }

    /** The declared Content-Length, else what a streamed response counted (ContractRoutes' batch events). */
    private static long bodyBytes(HttpServerResponse response, AccessRecord access) {
        String declared = response.responseHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        if (declared != null) {
            try {
                return Long.parseLong(declared);
            } catch (NumberFormatException e) {
                return access.streamedBytes();
            }
        }
        return access.streamedBytes();
    }

    public int inFlight() {
        return inFlight.get();
    }
}
