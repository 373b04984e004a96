package io.smart402.core.balance;

import java.time.Duration;
import java.util.Objects;

/**
 * Passive outlier ejection settings, after Envoy's outlier detection: a backend is ejected after
 * {@code consecutiveFailures} failures in a row, or when at least {@code minimumRequests} calls in one
 * {@code interval} failed at a rate of {@code failureRate} or more. An ejection lasts {@code baseEjectionTime ×
 * k} (at most {@code maxEjectionTime}), where k counts its ejections and drops by one per clean interval; at
 * most {@code maxEjectedFraction} of the backends (but always at least one) are ejected at once.
 *
 * @param consecutiveFailures failures in a row that eject (0 = off; Envoy's {@code consecutive_5xx}, default 5)
 * @param failureRate failed share of an interval's calls that ejects, in (0, 1] (0 = off; default 0.85)
 * @param minimumRequests calls an interval needs before its failure rate counts (default 50)
 * @param interval the failure-rate window, and the period after which k drops by one (default 10 s)
 * @param baseEjectionTime the first ejection's length (default 30 s)
 * @param maxEjectionTime the longest ejection (default 300 s)
 * @param maxEjectedFraction the share of backends that may be ejected at once, in [0, 1] (default 0.1)
 */
public record OutlierDetection(int consecutiveFailures, double failureRate, int minimumRequests, Duration interval,
                               Duration baseEjectionTime, Duration maxEjectionTime, double maxEjectedFraction) {

    /** Envoy's defaults, with failure-rate ejection on. */
    public static final OutlierDetection DEFAULTS = new OutlierDetection(5, 0.85, 50, Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(300), 0.1);

    /** Never ejects. */
    public static final OutlierDetection DISABLED = new OutlierDetection(0, 0, 50, Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(300), 0.1);

    public OutlierDetection {
        Objects.requireNonNull(interval, "outlier.interval");
        Objects.requireNonNull(baseEjectionTime, "outlier.base-ejection-time");
        Objects.requireNonNull(maxEjectionTime, "outlier.max-ejection-time");
        require(consecutiveFailures >= 0, "outlier.consecutive-failures must not be negative, was "
                + consecutiveFailures);
        require(failureRate >= 0 && failureRate <= 1, "outlier.failure-rate must be in [0, 1], was " + failureRate);
        require(minimumRequests >= 1, "outlier.minimum-requests must be at least 1, was " + minimumRequests);
        require(interval.toMillis() >= 1, "outlier.interval must be at least 1 ms, was " + interval);
        require(baseEjectionTime.toMillis() >= 1, "outlier.base-ejection-time must be at least 1 ms, was "
                + baseEjectionTime);
        require(maxEjectionTime.compareTo(baseEjectionTime) >= 0,
                "outlier.max-ejection-time must be at least outlier.base-ejection-time, was " + maxEjectionTime);
        require(maxEjectedFraction >= 0 && maxEjectedFraction <= 1,
                "outlier.max-ejected-fraction must be in [0, 1], was " + maxEjectedFraction);
    }

    /** Whether any rule can eject. */
    public boolean enabled() {
        return consecutiveFailures > 0 || failureRate > 0;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
