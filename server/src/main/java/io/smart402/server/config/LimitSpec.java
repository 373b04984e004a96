package io.smart402.server.config;

import io.smart402.core.resilience.limit.ConcurrencyLimit;

/**
 * A concurrency limit as configured ({@code pipeline.limit}, {@code store.write-limit}): {@code fixed} keeps the
 * configured number; {@code adaptive} starts there and follows measured latency within [{@code min},
 * {@code max}] (Gradient2, see {@link ConcurrencyLimit}).
 */
public record LimitSpec(Mode mode, int min, int max) {

    /** Fixed (the configured number) or adaptive (moves with latency). */
    public enum Mode { FIXED, ADAPTIVE }

    public LimitSpec {
        Check.required("mode", mode);
        Check.range("min", min, 1, 1 << 20);
        Check.range("max", max, 1, 1 << 20);
        if (max < min) {
            throw Invalid.of("max", "must be at least min (" + min + "), was " + max);
        }
    }

    /** The limit, starting at {@code initial} (clamped into [min, max] when adaptive). */
    public ConcurrencyLimit limit(int initial) {
        return mode == Mode.FIXED ? ConcurrencyLimit.fixed(initial)
                : ConcurrencyLimit.adaptive(Math.max(min, Math.min(max, initial)), min, max);
    }
}
