package io.smart402.core.resilience.circuitbreaker;

import java.time.Duration;

/** A call refused because a breaker is open; says which one and when it will let a trial call through. */
public final class CircuitOpenException extends RuntimeException {

    private final String breaker;
    private final Duration retryAfter;

    public CircuitOpenException(String breaker, Duration retryAfter, Throwable cause) {
        // Spec §3 keeps the original's text.
        super("Circuit breaker is OPEN", cause, false, false);
        this.breaker = breaker;
        this.retryAfter = retryAfter;
    }

    public String breaker() {
        return breaker;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** {@link #retryAfter()} in whole seconds, rounded up, at least 1. */
    public long retryAfterSeconds() {
        long nanos = retryAfter.toNanos();
        return Math.max(1, nanos / 1_000_000_000L + (nanos % 1_000_000_000L == 0 ? 0 : 1));
    }
}
