package io.smart402.core.resilience.retry;

import io.smart402.core.error.FailureKind;
import io.smart402.core.error.Smart402Exception;
import java.util.Map;

import java.time.Instant;

/**
 * A retryable failure that outlasted its {@link RetryPolicy} (attempts or deadline); the cause is the last
 * error. Says how many attempts were made and when the first and the last failed (dead letters keep both).
 */
public final class RetryExhaustedException extends Smart402Exception {

    private final int attempts;
    private final Instant firstFailure;
    private final Instant lastFailure;

    public RetryExhaustedException(String name, int attempts, Instant firstFailure, Instant lastFailure,
                                   Throwable cause) {
        super(FailureKind.UNAVAILABLE, "retries-exhausted",
                name + ": gave up after " + attempts + " attempt(s): " + cause, cause, false);
        this.attempts = attempts;
        this.firstFailure = firstFailure;
        this.lastFailure = lastFailure;
    }

    public int attempts() {
        return attempts;
    }

    public Instant firstFailure() {
        return firstFailure;
    }

    public Instant lastFailure() {
        return lastFailure;
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("attempts", attempts);
    }

    @Override
    public boolean wrapsCause() {
        return true;
    }
}
