package io.smart402.bench.load;

/**
 * The constant-arrival-rate schedule of an open-loop run: request {@code i} is due at
 * {@code start + i * 1e9 / rate} nanoseconds, whether or not earlier requests have completed.
 */
public record OpenLoopSchedule(long startNanos, double ratePerSecond) {

    public OpenLoopSchedule {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be > 0, was " + ratePerSecond);
        }
    }

    /** When request {@code i} is due. */
    public long intendedStart(long i) {
        return startNanos + (long) (i * (1e9 / ratePerSecond));
    }

    /** How many requests a run of {@code seconds} sends. */
    public long count(double seconds) {
        return Math.max(1, (long) Math.floor(seconds * ratePerSecond));
    }
}
