package io.smart402.core.resilience.circuitbreaker;

import io.smart402.core.error.FailureKind;
import io.smart402.core.error.RetryAfter;
import io.smart402.core.error.Smart402Exception;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A call refused because a breaker is open; says which one and when it will let a trial call through. */
public final class CircuitOpenException extends Smart402Exception implements RetryAfter {

    private final String breaker;
    private final Duration retryAfter;

    public CircuitOpenException(String breaker, Duration retryAfter, Throwable cause) {
        // Spec §3 keeps the original's text.
        super(FailureKind.UNAVAILABLE, "circuit-open", "Circuit breaker is OPEN", cause, false);
        this.breaker = breaker;
        this.retryAfter = retryAfter;
    }

    public String breaker() {
        return breaker;
    }

    @Override
    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("breaker", breaker);
        details.put("retryAfter", retryAfterSeconds());
        return details;
    }
}
