package io.smart402.core.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * The answer to one request for permits.
 *
 * @param allowed    whether the permits were granted (and taken)
 * @param remaining  permits a request made right now could still get (never negative)
 * @param retryAfter when refused, how long until the same request could succeed; zero when allowed
 * @param resetAfter how long until the client is back to its full quota if it sends nothing
 * @param policy     the policy that decided
 */
public record RateLimitDecision(boolean allowed, long remaining, Duration retryAfter, Duration resetAfter,
                                RateLimitPolicy policy) {

    public RateLimitDecision {
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(resetAfter, "resetAfter");
        Objects.requireNonNull(policy, "policy");
    }

    /** {@link #retryAfter()} in whole seconds, rounded up, at least 1 when refused (HTTP {@code Retry-After}). */
    public long retryAfterSeconds() {
        if (allowed) {
            return 0;
        }
        return Math.max(1, ceilSeconds(retryAfter));
    }

    /** {@link #resetAfter()} in whole seconds, rounded up. */
    public long resetAfterSeconds() {
        return ceilSeconds(resetAfter);
    }

    private static long ceilSeconds(Duration d) {
        long nanos = d.toNanos();
        return nanos / 1_000_000_000L + (nanos % 1_000_000_000L == 0 ? 0 : 1);
    }
}
