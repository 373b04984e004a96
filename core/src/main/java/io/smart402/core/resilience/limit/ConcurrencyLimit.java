package io.smart402.core.resilience.limit;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import io.micrometer.core.instrument.MeterRegistry;
import io.smart402.core.metrics.CoreMeters;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * How much work may be in flight at once: a fixed number, or an adaptive one that follows measured latency.
 *
 * <p>The adaptive limits are Netflix concurrency-limits' algorithms: {@link #vegas} ({@code VegasLimit}) and
 * {@link #adaptive} ({@code Gradient2Limit}, which compares a short-term RTT with a long-term one, shrinks the
 * limit by their ratio when latency rises and grows it by a small headroom while it does not). Only the
 * algorithms are used: it is a pure function of the samples we feed it
 * (start time and RTT come from our clock, so it runs in virtual time), non-blocking and cheap. The library's
 * limiters are not: its {@code BlockingLimiter} parks threads and its {@code SimpleLimiter} cannot queue by
 * priority, so the waiting is done by our own gates ({@code PriorityGate}, the shard write queues), which read
 * {@link #current()} and report each finished call through {@link #record}.
 */
public final class ConcurrencyLimit {

    private final Limit limit;
    private final boolean adaptive;
    private final int min;
    private final int max;

    private ConcurrencyLimit(Limit limit, boolean adaptive, int min, int max) {
        this.limit = limit;
        this.adaptive = adaptive;
        this.min = min;
        this.max = max;
    }

    /** Always {@code limit}: today's behaviour. */
    public static ConcurrencyLimit fixed(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("concurrency limit must be at least 1, was " + limit);
        }
        return new ConcurrencyLimit(FixedLimit.of(limit), false, limit, limit);
    }

    /**
     * Starts at {@code initial} and moves within [{@code min}, {@code max}] with measured latency. The headroom
     * added while latency holds is √limit (at least 1): about one extra call per core on a small CPU pool,
     * more on a large database pool, as Vegas's log/√ queue functions do.
     */
    public static ConcurrencyLimit adaptive(int initial, int min, int max) {
        if (min < 1 || max < min || initial < min || initial > max) {
            throw new IllegalArgumentException("adaptive limit needs 1 <= min <= initial <= max, was min " + min
                    + ", initial " + initial + ", max " + max);
        }
        Gradient2Limit gradient = Gradient2Limit.newBuilder()
                .initialLimit(initial).minLimit(min).maxConcurrency(max)
                .queueSizeFunction(l -> Math.max(1, (int) Math.sqrt(l)))
                .build();
        return new ConcurrencyLimit(gradient, true, min, max);
    }

    /**
     * Vegas (Netflix's {@code VegasLimit}): estimates the queue as {@code limit × (1 − rtt_noload / rtt)} with
     * {@code rtt_noload} the smallest RTT seen (re-measured now and then), grows the limit while that queue is
     * small and shrinks it when it is not. Unlike the gradient, a latency that stays high does not become the
     * new normal. The library has no minimum, so the limit is held within [{@code min}, {@code max}] here.
     */
    public static ConcurrencyLimit vegas(int initial, int min, int max) {
        if (min < 1 || max < min || initial < min || initial > max) {
            throw new IllegalArgumentException("adaptive limit needs 1 <= min <= initial <= max, was min " + min
                    + ", initial " + initial + ", max " + max);
        }
        return new ConcurrencyLimit(com.netflix.concurrency.limits.limit.VegasLimit.newBuilder()
                .initialLimit(initial).maxConcurrency(max).build(), true, min, max);
    }

    /** The limit now. */
    public int current() {
        return Math.max(min, Math.min(max, limit.getLimit()));
    }

    public boolean isAdaptive() {
        return adaptive;
    }

    public int min() {
        return min;
    }

    public int max() {
        return max;
    }

    /**
     * One finished call: started at {@code startNanos}, took {@code rttNanos}, with {@code inFlight} calls
     * (itself included) running when it started; {@code dropped} for a call that timed out or was shed after
     * admission. Call outside any lock of the caller: listeners run inside.
     */
    public void record(long startNanos, long rttNanos, int inFlight, boolean dropped) {
        limit.onSample(startNanos, Math.max(1, rttNanos), inFlight, dropped);
    }

    /** Told the new limit whenever it changes (on the thread that recorded the sample). */
    public void onChange(IntConsumer listener) {
        Objects.requireNonNull(listener, "listener");
        limit.notifyOnChange(l -> listener.accept(Math.max(min, Math.min(max, l))));
    }

    /** Publishes the limit as {@code smart402_concurrency_limit{limiter=name}}. */
    public ConcurrencyLimit bind(MeterRegistry registry, String name) {
        CoreMeters.CONCURRENCY_LIMIT.gauge(this, ConcurrencyLimit::current).tag("limiter", name).register(registry);
        return this;
    }

    @Override
    public String toString() {
        return adaptive ? "adaptive[" + min + ".." + max + ", now " + current() + "]" : "fixed[" + current() + "]";
    }
}
