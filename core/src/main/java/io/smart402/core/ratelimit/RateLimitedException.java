package io.smart402.core.ratelimit;

/** A request refused by a {@link RateLimiter}; carries the decision (so the caller can say when to retry). */
public final class RateLimitedException extends RuntimeException {

    private final String key;
    private final RateLimitDecision decision;

    public RateLimitedException(String key, RateLimitDecision decision) {
        // Spec §3 keeps the original's text.
        super("Rate limited. Retry after " + decision.retryAfterSeconds() + "s", null, false, false);
        this.key = key;
        this.decision = decision;
    }

    public String key() {
        return key;
    }

    public RateLimitDecision decision() {
        return decision;
    }
}
