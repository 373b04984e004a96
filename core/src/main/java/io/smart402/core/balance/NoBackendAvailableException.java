package io.smart402.core.balance;

import io.smart402.core.error.FailureKind;
import io.smart402.core.error.RetryAfter;
import io.smart402.core.error.Smart402Exception;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A call refused because none of the balancer's backends could take it (none, or all unhealthy, ejected or draining). */
public final class NoBackendAvailableException extends Smart402Exception implements RetryAfter {

    private final String balancer;
    private final int backends;

    public NoBackendAvailableException(String balancer, int backends) {
        super(FailureKind.UNAVAILABLE, "no-backend-available",
                "no backend of '" + balancer + "' can take a call (" + backends + " known)", null, false);
        this.balancer = balancer;
        this.backends = backends;
    }

    public String balancer() {
        return balancer;
    }

    /** Backends known to the balancer when it refused, none of them eligible. */
    public int backends() {
        return backends;
    }

    /** Health checks run every few seconds: one is a fair wait. */
    @Override
    public Duration retryAfter() {
        return Duration.ofSeconds(1);
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("balancer", balancer);
        details.put("backends", backends);
        return details;
    }
}
