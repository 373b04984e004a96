package io.smart402.core.ratelimit;

import io.smart402.core.error.FailureKind;
import io.smart402.core.error.RetryAfter;
import io.smart402.core.error.Smart402Exception;

import java.time.Duration;

/**
 * The shared limiter could not decide (Redis unreachable or its breaker open) and the configured failure
 * mode is {@link RedisRateLimiter.FailureMode#CLOSED}: the request is refused, but it is our fault, not the
 * client's, so it is not a rate-limit refusal.
 */
public final class RateLimiterUnavailableException extends Smart402Exception implements RetryAfter {

    private final Duration retryAfter;

    public RateLimiterUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(FailureKind.UNAVAILABLE, "rate-limiter-unavailable", message, cause, false);
        this.retryAfter = retryAfter;
    }

    /** A hint for when the limiter may be back. */
    @Override
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Rounded up from milliseconds, as {@code Retry-After} has always been computed for the limiter. */
    @Override
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
