package io.smart402.server.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smart402.core.metrics.LatencyBuckets;
import io.smart402.server.metrics.ServerMeters;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code http.server.requests} timers of one route, one per method and status, looked up once: building the
 * meter id and finding it in the registry on every request cost more than the rest of the timing on the
 * gateway's hot path.
 */
final class RouteTimers {

    private record Key(String method, int status) {
    }

    private final MeterRegistry registry;
    private final String uri;
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

    RouteTimers(MeterRegistry registry, String uri) {
        this.registry = registry;
        this.uri = uri;
    }

    Timer get(String method, int status) {
        return timers.computeIfAbsent(new Key(method, status), k -> ServerMeters.HTTP_REQUESTS
                .timer(LatencyBuckets.REQUEST)
                .tag("method", k.method())
                .tag("uri", uri)
                .tag("status", Integer.toString(k.status()))
                .register(registry));
    }
}
