package io.smart402.server.config;

import io.smart402.core.resilience.circuitbreaker.BreakerSettings;
import java.time.Duration;

/** A {@code breaker} mapping as the file spells it; read in place of {@link BreakerSettings}. */
record BreakerSpec(int failureRate, int slidingWindow, int minimumCalls, Duration waitInOpen, int halfOpenCalls) {

    BreakerSpec {
        Check.range("failure-rate", failureRate, 1, 100);
        Check.range("sliding-window", slidingWindow, 1, 10_000);
        Check.range("minimum-calls", minimumCalls, 1, 10_000);
        Check.positive("wait-in-open", waitInOpen);
        Check.range("half-open-calls", halfOpenCalls, 1, 1000);
    }

    BreakerSettings settings() {
        return new BreakerSettings(failureRate, slidingWindow, minimumCalls, waitInOpen, halfOpenCalls);
    }
}
