package io.smart402.core.resilience.circuitbreaker;

import java.time.Duration;
import java.util.Objects;

/**
 * One breaker's thresholds (count-based sliding window).
 *
 * @param failureRateThreshold percent of failed calls in the window that opens the breaker
 * @param slidingWindow        calls the failure rate is computed over
 * @param minimumCalls         calls needed before the rate counts
 * @param waitInOpen           how long an open breaker refuses calls before it half-opens
 * @param halfOpenCalls        trial calls let through while half-open
 * @param lockFreeWindow       record outcomes without a lock: needed where outcomes are recorded on event loops
 *                             under contention (Resilience4j's default window takes a {@code ReentrantLock},
 *                             which parks a contended event loop — BlockHound fails the build)
 */
public record BreakerSettings(float failureRateThreshold, int slidingWindow, int minimumCalls, Duration waitInOpen,
                              int halfOpenCalls, boolean lockFreeWindow) {

    /**
     * Spec §5 keeps the original's 60 s open timeout and 3 half-open calls; the original opened after 5
     * consecutive failures, here 50 % of the last 10 calls once 5 have been seen.
     */
    public static final BreakerSettings DEFAULTS = new BreakerSettings(50f, 10, 5, Duration.ofSeconds(60), 3);

    public BreakerSettings {
        Objects.requireNonNull(waitInOpen, "waitInOpen");
        if (failureRateThreshold <= 0 || failureRateThreshold > 100) {
            throw new IllegalArgumentException("failure-rate must be in (0, 100], was " + failureRateThreshold);
        }
        if (slidingWindow < 1 || minimumCalls < 1 || halfOpenCalls < 1) {
            throw new IllegalArgumentException("sliding-window, minimum-calls and half-open-calls must be at least 1");
        }
        if (waitInOpen.isNegative() || waitInOpen.isZero()) {
            throw new IllegalArgumentException("wait-in-open must be positive, was " + waitInOpen);
        }
    }

    /** Settings with the default (locking) window. */
    public BreakerSettings(float failureRateThreshold, int slidingWindow, int minimumCalls, Duration waitInOpen,
                           int halfOpenCalls) {
        this(failureRateThreshold, slidingWindow, minimumCalls, waitInOpen, halfOpenCalls, false);
    }

    /** The same thresholds with a lock-free window. */
    public BreakerSettings withLockFreeWindow() {
        return new BreakerSettings(failureRateThreshold, slidingWindow, minimumCalls, waitInOpen, halfOpenCalls, true);
    }
}
