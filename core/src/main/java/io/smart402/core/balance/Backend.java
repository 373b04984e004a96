package io.smart402.core.balance;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One backend of a {@link LoadBalancer}: the value calls are made with, its weight, and what strategies read to
 * choose (calls in flight, peak-EWMA latency, the weight slow start allows now). Health lives in
 * {@link BackendHealth}; the balancer owns every change.
 *
 * @param <T> the backend type (an address, a client, a connection pool)
 */
public final class Backend<T> {

    private final String id;
    private final T value;
    private volatile int weight;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final LongAdder requests = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final Sinks.Empty<Void> idle = Sinks.empty();
    private final long slowStartNanos;
    final PeakEwma latency;
    final BackendHealth health;
    BackendMeters meters;

    Backend(String id, T value, int weight, PeakEwma latency, BackendHealth health, long slowStartNanos) {
        this.id = Objects.requireNonNull(id, "id");
        this.value = Objects.requireNonNull(value, "value");
        this.weight = weight;
        this.latency = latency;
        this.health = health;
        this.slowStartNanos = slowStartNanos;
    }

    public String id() {
        return id;
    }

    public T value() {
        return value;
    }

    /** The configured weight (at least 1). */
    public int weight() {
        return weight;
    }

    /** The weight picks use at {@code nowNanos}: the configured one scaled down while warming up. */
    public double effectiveWeight(long nowNanos) {
        return weight * health.slowStartFactor(nowNanos, slowStartNanos);
    }

    /** Calls in flight. */
    public int outstanding() {
        return outstanding.get();
    }

    /** The peak-EWMA latency estimate at {@code nowNanos}, in nanoseconds (0 before any answer). */
    public double latencyNanos(long nowNanos) {
        return latency.get(nowNanos);
    }

    public BackendState state(long nowNanos) {
        return health.state(nowNanos, slowStartNanos);
    }

    void weight(int weight) {
        this.weight = weight;
    }

    /**
     * Counts a call in flight unless the backend drains. The count goes up before the draining flag is read
     * again, so a {@link #drained()} signal never fires while a call that passed this check is running.
     */
    boolean tryBegin() {
        outstanding.incrementAndGet();
        if (health.draining()) {
            end();
            return false;
        }
        requests.increment();
        return true;
    }

    void end() {
        if (outstanding.decrementAndGet() == 0 && health.draining()) {
            idle.tryEmitEmpty();
        }
    }

    void failed() {
        failures.increment();
    }

    /** Stops new picks; completes once no call is in flight. */
    Mono<Void> drain() {
        health.drain();
        if (outstanding.get() == 0) {
            idle.tryEmitEmpty();
        }
        return idle.asMono();
    }

    BackendStats stats(long nowNanos) {
        return new BackendStats(id, state(nowNanos), weight, effectiveWeight(nowNanos), outstanding(),
                requests.sum(), failures.sum(), latencyNanos(nowNanos) / 1e6, health.ejections.get(),
                health.ejectedForNanos(nowNanos) / 1_000_000);
    }

    @Override
    public String toString() {
        return "Backend[" + id + "]";
    }
}
