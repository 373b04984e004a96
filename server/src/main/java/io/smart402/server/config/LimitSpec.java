package io.smart402.server.config;

import io.smart402.core.resilience.limit.ConcurrencyLimit;

/**
 * A concurrency limit as configured ({@code pipeline.limit}, {@code store.write-limit}): {@code fixed} keeps the
 * configured number; {@code adaptive} starts there and follows measured latency within [{@code min},
 * {@code max}] with {@code algorithm} {@code vegas} (default) or {@code gradient2} (see {@link ConcurrencyLimit}).
 */
public record LimitSpec(Mode mode, Algorithm algorithm, int min, int max) {

    /** Fixed (the configured number) or adaptive (moves with latency). */
    public enum Mode { FIXED, ADAPTIVE }

    /** Netflix concurrency-limits' algorithm behind an adaptive limit. */
    public enum Algorithm { VEGAS, GRADIENT2 }

    public LimitSpec {
        Check.required("mode", mode);
        Check.required("algorithm", algorithm);
        Check.range("min", min, 1, 1 << 20);
        Check.range("max", max, 1, 1 << 20);
        if (max < min) {
            throw Invalid.of("max", "must be at least min (" + min + "), was " + max);
        }
    }

    /** The limit, starting at {@code initial} (clamped into [min, max] when adaptive). */
    public ConcurrencyLimit limit(int initial) {
        if (mode == Mode.FIXED) {
            return ConcurrencyLimit.fixed(initial);
        }
        int start = Math.max(min, Math.min(max, initial));
        return algorithm == Algorithm.VEGAS ? ConcurrencyLimit.vegas(start, min, max)
                : ConcurrencyLimit.adaptive(start, min, max);
    }
}
