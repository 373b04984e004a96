package io.smart402.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * A meter's name (Micrometer's dotted form; Prometheus shows {@code smart402.cache.size} as
 * {@code smart402_cache_size}) and its help text, declared once in its module's metrics home. The builders
 * come with both filled in, so a call site adds only tags and options.
 */
public record MeterName(String name, String description) {

    public MeterName {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
    }

    public Counter.Builder counter() {
        return Counter.builder(name).description(description);
    }

    public Timer.Builder timer() {
        return Timer.builder(name).description(description);
    }

    /** A timer published as a histogram with {@code buckets}, so its quantiles can be computed at query time. */
    public Timer.Builder timer(LatencyBuckets buckets) {
        return buckets.on(timer());
    }

    public DistributionSummary.Builder summary() {
        return DistributionSummary.builder(name).description(description);
    }

    public <T> Gauge.Builder<T> gauge(T obj, ToDoubleFunction<T> value) {
        return Gauge.builder(name, obj, value).description(description);
    }

    public <T> FunctionCounter.Builder<T> functionCounter(T obj, ToDoubleFunction<T> count) {
        return FunctionCounter.builder(name, obj, count).description(description);
    }
}
