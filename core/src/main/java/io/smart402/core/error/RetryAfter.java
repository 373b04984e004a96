package io.smart402.core.error;

import java.time.Duration;

/** A failure that says when trying again makes sense. */
public interface RetryAfter {

    /** How long the caller should wait before trying again; never negative. */
    Duration retryAfter();

    /** {@link #retryAfter()} in whole seconds, rounded up, at least 1 (the unit of HTTP's Retry-After). */
    default long retryAfterSeconds() {
        long nanos = retryAfter().toNanos();
        return Math.max(1, nanos / 1_000_000_000L + (nanos % 1_000_000_000L == 0 ? 0 : 1));
    }
}
