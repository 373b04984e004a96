package io.smart402.core.ratelimit;

/**
 * One element and the rate-limit decision it got (see {@link RateLimitOperator#admissions}).
 *
 * @param key the key it was charged to
 */
public record Admission<T>(T value, String key, RateLimitDecision decision) {

    public boolean allowed() {
        return decision.allowed();
    }
}
