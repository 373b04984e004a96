package io.smart402.core.ratelimit;

import java.util.LinkedHashMap;

import io.smart402.core.error.FailureKind;
import io.smart402.core.error.RetryAfter;
import io.smart402.core.error.Smart402Exception;
import java.time.Duration;
import java.util.Map;

/** A request refused by a {@link RateLimiter}; carries the decision (so the caller can say when to retry). */
public final class RateLimitedException extends Smart402Exception implements RetryAfter {

    private final String key;
    private final RateLimitDecision decision;

    public RateLimitedException(String key, RateLimitDecision decision) {
        // Spec §3 keeps the original's text.
        super(FailureKind.RATE_LIMITED, "rate-limited",
                "Rate limited. Retry after " + decision.retryAfterSeconds() + "s", null, false);
        this.key = key;
        this.decision = decision;
    }

    public String key() {
        return key;
    }

    public RateLimitDecision decision() {
        return decision;
    }

    @Override
    public Duration retryAfter() {
        return Duration.ofSeconds(decision.retryAfterSeconds());
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("retryAfter", decision.retryAfterSeconds());
        details.put("remaining", decision.remaining());
        return details;
    }
}
