package io.smart402.core.ratelimit;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How many permits a client may take and how fast they come back: a token bucket, a GCRA leaky bucket or a
 * sliding-window counter. Every implementation ({@link LocalRateLimiter}, {@link RedisRateLimiter}) runs
 * the same arithmetic, in microseconds, so a decision does not depend on where it was made.
 */
public sealed interface RateLimitPolicy {

    /**
     * Largest magnitude kept exact: the Redis scripts compute in Lua numbers (doubles), which hold integers
     * exactly up to 2<sup>53</sup>.
     */
    long MAX_EXACT = 1L << 53;

    /** The algorithm's config name: {@code token-bucket}, {@code gcra} or {@code sliding-window}. */
    String algorithm();

    /** Permits per {@link #window()}: the quota advertised as {@code q} in {@code RateLimit-Policy}. */
    long quota();

    /** The period of {@link #quota()}, advertised as {@code w}. */
    Duration window();

    /** The largest cost one decision can ever be granted. */
    long capacity();

    /**
     * Token bucket: {@code rate} tokens per {@code period} flow into a bucket of {@code burst} tokens; a
     * permit takes a token. It starts with {@code initial} tokens — by default {@code min(rate, burst)}, as
     * the original RateLimiter did (spec §5: rate 10/1 s, burst 15, 20 instant calls → 10 allowed).
     */
    record TokenBucket(long rate, Duration period, long burst, long initial) implements RateLimitPolicy {

        public TokenBucket {
            Objects.requireNonNull(period, "period");
            positive("rate", rate);
            positive("burst", burst);
            if (initial < 0 || initial > burst) {
                throw new IllegalArgumentException("initial tokens must be between 0 and burst (" + burst
                        + "), was " + initial);
            }
            exact("burst × period", burst, micros(period));
        }

        /** A bucket that starts with {@code min(rate, burst)} tokens. */
        public TokenBucket(long rate, Duration period, long burst) {
            this(rate, period, burst, Math.min(rate, burst));
        }

        @Override
        public String algorithm() {
            return "token-bucket";
        }

        @Override
        public long quota() {
            return rate;
        }

        @Override
        public Duration window() {
            return period;
        }

        @Override
        public long capacity() {
            return burst;
        }
    }

    /**
     * Leaky bucket as a meter, the generic cell rate algorithm: one permit every {@code period / rate},
     * with up to {@code burst} permits back to back. State is one theoretical arrival time per client; a
     * new client may use its whole burst at once. With {@code burst = 1} the flow is perfectly smooth.
     */
    record Gcra(long rate, Duration period, long burst) implements RateLimitPolicy {

        public Gcra {
            Objects.requireNonNull(period, "period");
            positive("rate", rate);
            positive("burst", burst);
            exact("burst × period", burst, micros(period));
        }

        @Override
        public String algorithm() {
            return "gcra";
        }

        @Override
        public long quota() {
            return rate;
        }

        @Override
        public Duration window() {
            return period;
        }

        @Override
        public long capacity() {
            return burst;
        }
    }

    /**
     * Sliding-window counter: fixed windows aligned to the epoch, and a request is allowed while
     * {@code previous × (1 − elapsed/window) + current + cost ≤ limit}. Two counters per client, so memory
     * stays bounded (the sliding log would keep one entry per permit).
     */
    record SlidingWindow(long limit, Duration window) implements RateLimitPolicy {

        public SlidingWindow {
            Objects.requireNonNull(window, "window");
            positive("limit", limit);
            exact("limit × window", limit, micros(window));
        }

        @Override
        public String algorithm() {
            return "sliding-window";
        }

        @Override
        public long quota() {
            return limit;
        }

        @Override
        public long capacity() {
            return limit;
        }
    }

    /**
     * Builds a policy from its config name. {@code amount} is the rate (token bucket, GCRA) or the limit
     * (sliding window); {@code burst} is ignored by the sliding window.
     */
    static RateLimitPolicy of(String algorithm, long amount, Duration period, long burst) {
        return switch (algorithm.toLowerCase(Locale.ROOT)) {
            case "token-bucket" -> new TokenBucket(amount, period, burst);
            case "gcra" -> new Gcra(amount, period, burst);
            case "sliding-window" -> new SlidingWindow(amount, period);
            default -> throw new IllegalArgumentException("algorithm must be token-bucket, gcra or sliding-window, was '"
                    + algorithm + "'");
        };
    }

    /** The period in whole microseconds (at least one millisecond). */
    static long micros(Duration d) {
        if (d.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("period must be at least 1ms, was " + d);
        }
        return d.toNanos() / 1000;
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }

    /** Products stay far enough below 2^53 that sums of two of them are still exact in a double. */
    private static void exact(String what, long a, long b) {
        long product;
        try {
            product = Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            product = Long.MAX_VALUE;
        }
        if (product >= MAX_EXACT / 4) {
            throw new IllegalArgumentException(what + " in microseconds is too large (" + a + " × " + b
                    + "); keep it under 2^51");
        }
    }
}
