package io.smart402.core.balance;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.smart402.core.metrics.CoreMeters;
import io.smart402.core.metrics.LatencyBuckets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** One backend's meters (tags {@code balancer}, {@code backend}); removed with the backend, so memory stays bounded. */
final class BackendMeters {

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Counter successes;
    private final Counter failures;
    private final Counter cancels;
    private final Timer latency;

    BackendMeters(MeterRegistry registry, String balancer, Backend<?> backend, LongSupplier nanos) {
        this.registry = registry;
        Tags tags = Tags.of("balancer", balancer, "backend", backend.id());
        successes = keep(CoreMeters.BALANCER_REQUESTS.counter().tags(tags).tag("outcome", "success").register(registry));
        failures = keep(CoreMeters.BALANCER_REQUESTS.counter().tags(tags).tag("outcome", "failure").register(registry));
        cancels = keep(CoreMeters.BALANCER_REQUESTS.counter().tags(tags).tag("outcome", "cancelled").register(registry));
        latency = keep(CoreMeters.BALANCER_LATENCY.timer(LatencyBuckets.REQUEST).tags(tags).register(registry));
        keep(CoreMeters.BALANCER_OUTSTANDING.gauge(backend, Backend::outstanding).tags(tags).register(registry));
        keep(CoreMeters.BALANCER_EJECTIONS.functionCounter(backend.health, h -> h.ejections.get()).tags(tags)
                .register(registry));
        for (BackendState state : BackendState.values()) {
            keep(CoreMeters.BALANCER_STATE.gauge(backend, b -> b.state(nanos.getAsLong()) == state ? 1 : 0)
                    .tags(tags).tag("state", state.label()).register(registry));
        }
    }

    private <M extends Meter> M keep(M meter) {
        meters.add(meter);
        return meter;
    }

    void success(long rttNanos) {
        successes.increment();
        latency.record(rttNanos, TimeUnit.NANOSECONDS);
    }

    void failure(long rttNanos) {
        failures.increment();
        latency.record(rttNanos, TimeUnit.NANOSECONDS);
    }

    void cancelled() {
        cancels.increment();
    }

    void remove() {
        meters.forEach(registry::remove);
    }
}
