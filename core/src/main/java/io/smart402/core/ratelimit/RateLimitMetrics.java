package io.smart402.core.ratelimit;

import io.smart402.core.metrics.CoreMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code smart402_ratelimit_decisions_total{backend, outcome}}: one count per decision. No per-client
 * label: the number of clients is unbounded.
 */
final class RateLimitMetrics {

    private final Counter allowed;
    private final Counter limited;

    RateLimitMetrics(MeterRegistry registry, String backend) {
        this.allowed = CoreMeters.RATELIMIT_DECISIONS.counter()
                .tag("backend", backend).tag("outcome", "allowed").register(registry);
        this.limited = CoreMeters.RATELIMIT_DECISIONS.counter()
                .tag("backend", backend).tag("outcome", "limited").register(registry);
    }

    RateLimitDecision count(RateLimitDecision d) {
        (d.allowed() ? allowed : limited).increment();
        return d;
    }
}
