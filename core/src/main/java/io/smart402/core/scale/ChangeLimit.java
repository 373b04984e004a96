package io.smart402.core.scale;

import java.time.Duration;
import java.util.Objects;

/**
 * How fast the instance count may move in one direction, as Kubernetes' HPA scaling policies: within any
 * {@code period}, by at most {@code percent} % of the count at the period's start or by {@code instances},
 * whichever allows more. A zero is a policy left out; both zero forbids moving in that direction.
 */
public record ChangeLimit(int percent, int instances, Duration period) {

    /** HPA's default for scaling up: +100 % or +4 instances per 15 s. */
    public static final ChangeLimit HPA_UP = new ChangeLimit(100, 4, Duration.ofSeconds(15));
    /** HPA's default for scaling down: −100 % per 15 s (so only stabilization slows it). */
    public static final ChangeLimit HPA_DOWN = new ChangeLimit(100, 0, Duration.ofSeconds(15));

    public ChangeLimit {
        if (percent < 0 || instances < 0) {
            throw new IllegalArgumentException("change limit percent and instances must not be negative, were "
                    + percent + " and " + instances);
        }
        Objects.requireNonNull(period, "period");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("change limit period must be positive, was " + period);
        }
    }

    /** Most instances allowed after scaling up from {@code periodStart}. */
    int upTo(int periodStart) {
        long byPercent = (long) Math.ceil(periodStart * (1 + percent / 100.0));
        return (int) Math.min(Integer.MAX_VALUE, Math.max(byPercent, (long) periodStart + instances));
    }

    /** Fewest instances allowed after scaling down from {@code periodStart}. */
    int downTo(int periodStart) {
        int byPercent = percent == 0 ? periodStart : (int) Math.ceil(periodStart * (1 - percent / 100.0));
        int byInstances = periodStart - instances;
        return Math.max(0, Math.min(byPercent, byInstances));
    }
}
