package io.smart402.core.scale;

import reactor.core.publisher.Mono;

/**
 * Where a scaling policy reads its metric: this process's Micrometer registry, a Prometheus query, or any
 * supplier ({@link MetricSources}). Reading is asynchronous so that a remote source needs no thread of its
 * own; an empty or failed read means "no value this round" and the policy proposes nothing.
 */
public interface MetricSource {

    /** A short name for decisions, logs and the {@code metric} tag. */
    String name();

    /** The metric's current value. */
    Mono<Double> read();
}
