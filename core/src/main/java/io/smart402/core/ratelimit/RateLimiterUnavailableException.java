package io.smart402.core.ratelimit;

import java.time.Duration;

/**
 * The shared limiter could not decide (Redis unreachable or its breaker open) and the configured failure
 * mode is {@link RedisRateLimiter.FailureMode#CLOSED}: the request is refused, but it is our fault, not the
 * client's, so it is not a rate-limit refusal.
 */
public final class RateLimiterUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    public RateLimiterUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause, false, false);
        this.retryAfter = retryAfter;
    }

    /** A hint for when the limiter may be back. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
