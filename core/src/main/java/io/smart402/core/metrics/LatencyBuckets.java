package io.smart402.core.metrics;

import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The bucket boundaries of our latency histograms, one set per kind of work, so {@code histogram_quantile}
 * answers p50/p90/p99. Explicit boundaries (Micrometer's service level objectives) rather than
 * {@code publishPercentileHistogram()}: that publishes about 70 buckets per series between 1 ms and 30 s, and HTTP
 * alone has a series per method, route and status; these sets have 14 to 17, roughly 1-2.5-5 per decade, which
 * bounds the interpolation error of a quantile to its bucket's width.
 */
public enum LatencyBuckets {

    /** CPU work on one contract (a phase): 10 µs to 2.5 s (a cold JVM's first contract takes ~1 s in SCC). */
    CPU(0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
            0.5, 1, 2.5),
    /** One statement or transaction on a node (a batch commit, a read): 0.5 ms to 10 s (past the node deadline). */
    DATABASE(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    /** A request or a contract end to end (decode, phases, queue, commit): 1 ms to 30 s. */
    REQUEST(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
    /** Replication delay (acknowledged on one node, committed on another): 1 ms to 60 s. */
    REPLICATION(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60);

    private final Duration[] boundaries;

    LatencyBuckets(double... seconds) {
        this.boundaries = Arrays.stream(seconds).mapToObj(s -> Duration.ofNanos(Math.round(s * 1e9)))
                .toArray(Duration[]::new);
    }

    /**
     * {@code timer} with these buckets; the expected range is set to the outer boundaries too, so a percentile
     * histogram switched on later by a filter stays within them.
     */
    public Timer.Builder on(Timer.Builder timer) {
        return timer.serviceLevelObjectives(boundaries.clone())
                .minimumExpectedValue(boundaries[0])
                .maximumExpectedValue(boundaries[boundaries.length - 1]);
    }

    /** The upper bounds, ascending ({@code +Inf} is added by the registry). */
    public List<Duration> boundaries() {
        return List.of(boundaries);
    }
}
