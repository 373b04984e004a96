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
    /** Calls in flight in the low bits, {@link #DRAINING} as the top bit: one word, so begin and drain race exactly. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private static final int DRAINING = Integer.MIN_VALUE;
    private final LongAdder requests = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final Sinks.Empty<Void> idle = Sinks.empty();
    private final long slowStartNanos;
    /** When it last showed progress: its last answer, or the call that found it idle. */
    private volatile long progressNanos;
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
        return inFlight.get() & ~DRAINING;
    }

    /** The peak-EWMA latency estimate at {@code nowNanos}, in nanoseconds (0 before any answer). */
    public double latencyNanos(long nowNanos) {
        return latency.get(nowNanos);
    }

    /**
     * How long it has had calls in flight without answering any (0 when idle): a stopped backend's estimate
     * cannot rise before its first slow answer arrives, but this does at once, so load-aware picks see the
     * stall while it lasts, as least-connections sees the calls piling up.
     */
    public long stalledNanos(long nowNanos) {
        return outstanding() == 0 ? 0 : Math.max(0, nowNanos - progressNanos);
    }

    public BackendState state(long nowNanos) {
        return health.state(nowNanos, slowStartNanos);
    }

    void weight(int weight) {
        this.weight = weight;
    }

    /**
     * Counts a call in flight unless the backend drains. The count and the draining flag share one atomic word,
     * so a {@link #drain()} either sees this call counted or this call sees the drain, and no transient count is
     * ever visible to a drain that has already completed. A call that finds it idle starts its stall clock.
     */
    boolean tryBegin(long nowNanos) {
        int state;
        do {
            state = inFlight.get();
            if ((state & DRAINING) != 0) {
                return false;
            }
        } while (!inFlight.compareAndSet(state, state + 1));
        if (state == 0) {
            progressNanos = nowNanos;
        }
        requests.increment();
        return true;
    }

    /** An answer (or a failure) came back at {@code nowNanos}. */
    void answered(long nowNanos) {
        progressNanos = nowNanos;
    }

    void end() {
        if (inFlight.decrementAndGet() == DRAINING) {
            idle.tryEmitEmpty();
        }
    }

    void failed() {
        failures.increment();
    }

    /** Stops new picks; completes once no call is in flight. */
    Mono<Void> drain() {
        health.drain();
        if (inFlight.getAndUpdate(state -> state | DRAINING) == 0) {
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
