package io.smart402.core.scale;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Statistic;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import reactor.core.publisher.Mono;

/** Ready-made {@link MetricSource}s. A Prometheus query over HTTP is the server's (core does no HTTP). */
public final class MetricSources {

    private MetricSources() {
    }

    /** A value computed in process; {@code NaN} counts as no value. */
    public static MetricSource supplier(String name, DoubleSupplier value) {
        Objects.requireNonNull(value, "value");
        return of(name, Mono.fromSupplier(() -> value.getAsDouble()).filter(v -> !Double.isNaN(v)));
    }

    /**
     * The sum of {@code statistic} over the meters of {@code registry} named {@code meterName} (Micrometer's
     * dotted name) whose tags include {@code tags} (key, value, key, value …); no such meter is no value.
     * For a gauge the statistic is {@link Statistic#VALUE}.
     */
    public static MetricSource micrometer(MeterRegistry registry, String meterName, Statistic statistic,
                                          String... tags) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(meterName, "meterName");
        Objects.requireNonNull(statistic, "statistic");
        if (tags.length % 2 != 0) {
            throw new IllegalArgumentException("metric tags must be key/value pairs, got " + tags.length + " strings");
        }
        return of(meterName, Mono.fromSupplier(() -> sum(registry, meterName, statistic, tags))
                .filter(v -> !Double.isNaN(v)));
    }

    private static double sum(MeterRegistry registry, String name, Statistic statistic, String[] tags) {
        double total = Double.NaN;
        for (Meter meter : registry.find(name).tags(tags).meters()) {
            for (Measurement m : meter.measure()) {
                if (m.getStatistic() == statistic && !Double.isNaN(m.getValue())) {
                    total = Double.isNaN(total) ? m.getValue() : total + m.getValue();
                }
            }
        }
        return total;
    }

    /** A named source over any {@link Mono}, subscribed afresh on every read. */
    public static MetricSource of(String name, Mono<Double> read) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(read, "read");
        if (name.isBlank()) {
            throw new IllegalArgumentException("metric name must not be blank");
        }
        return new MetricSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Mono<Double> read() {
                return read;
            }

            @Override
            public String toString() {
                return "MetricSource[" + name + "]";
            }
        };
    }
}
