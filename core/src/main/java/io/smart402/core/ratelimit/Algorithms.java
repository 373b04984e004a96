package io.smart402.core.ratelimit;

/**
 * The three algorithms as pure functions of (state, now, cost), in microseconds. {@code ratelimit.lua} is
 * the same arithmetic line by line; keep them in step ({@code RedisRateLimiterTest} replays one sequence
 * through both and compares every decision). Token bucket and sliding window compute with integers only
 * (exact in Lua's doubles below 2^53); GCRA keeps its theoretical arrival time as a double in both places,
 * with the same IEEE operations, so both sides round alike.
 */
final class Algorithms {

    /**
     * One decision and the state to keep.
     *
     * @param ttlMicros how long the state matters: after that, forgetting it changes no future decision
     *                  beyond handing back at most the initial allowance
     */
    record Result(boolean allowed, long remaining, long retryAfterMicros, long resetMicros, double[] state,
                  long ttlMicros) {
    }

    private Algorithms() {
    }

    static Result decide(RateLimitPolicy policy, double[] state, long now, long cost) {
        if (cost < 1 || cost > policy.capacity()) {
            throw new IllegalArgumentException("cost must be between 1 and the policy's capacity "
                    + policy.capacity() + ", was " + cost);
        }
        if (policy instanceof RateLimitPolicy.TokenBucket tb) {
            return tokenBucket(tb, state, now, cost);
        }
        if (policy instanceof RateLimitPolicy.Gcra g) {
            return gcra(g, state, now, cost);
        }
        return slidingWindow((RateLimitPolicy.SlidingWindow) policy, state, now, cost);
    }

    /** Level is kept in units of 1/period-µs of a token, so one microsecond adds exactly {@code rate}. */
    private static Result tokenBucket(RateLimitPolicy.TokenBucket p, double[] s, long now, long cost) {
        long unit = RateLimitPolicy.micros(p.period());
        long rate = p.rate();
        long cap = p.burst() * unit;
        long level;
        long last;
        if (s == null) {
            level = p.initial() * unit;
            last = now;
        } else {
            level = (long) s[0];
            last = (long) s[1];
        }
        if (now > last) {
            long missing = cap - level;
            long elapsed = now - last;
            level = elapsed >= ceilDiv(missing, rate) ? cap : level + elapsed * rate;
            last = now;
        }
        long need = cost * unit;
        boolean allowed = level >= need;
        long retry = 0;
        if (allowed) {
            level -= need;
        } else {
            retry = ceilDiv(need - level, rate);
        }
        long reset = ceilDiv(cap - level, rate);
        return new Result(allowed, level / unit, retry, reset, new double[] {level, last}, reset);
    }

    private static Result gcra(RateLimitPolicy.Gcra p, double[] s, long now, long cost) {
        double interval = (double) RateLimitPolicy.micros(p.period()) / p.rate();
        double tolerance = p.burst() * interval;
        double tat = s == null ? now : Math.max(s[0], now);
        double next = tat + cost * interval;
        double allowAt = next - tolerance;
        boolean allowed = now >= allowAt;
        long retry = 0;
        if (allowed) {
            tat = next;
        } else {
            retry = (long) Math.ceil(allowAt - now);
        }
        long remaining = Math.max(0, (long) Math.floor((tolerance - (tat - now)) / interval));
        long reset = (long) Math.ceil(tat - now);
        return new Result(allowed, remaining, retry, reset, new double[] {tat}, reset);
    }

    private static Result slidingWindow(RateLimitPolicy.SlidingWindow p, double[] s, long now, long cost) {
        long w = RateLimitPolicy.micros(p.window());
        long limit = p.limit();
        long start = Math.floorDiv(now, w) * w;
        long previous = 0;
        long current = 0;
        if (s != null) {
            long stored = (long) s[0];
            if (start == stored) {
                previous = (long) s[1];
                current = (long) s[2];
            } else if (start == stored + w) {
                previous = (long) s[2];
            } else if (start < stored) {
                // The clock stepped back past the stored window: keep counting in the stored one.
                start = stored;
                previous = (long) s[1];
                current = (long) s[2];
            }
        }
        long elapsed = Math.max(0, now - start);
        long weighted = previous * (w - elapsed);
        boolean allowed = weighted + (current + cost) * w <= limit * w;
        long retry = 0;
        if (allowed) {
            current += cost;
        } else if (current + cost <= limit) {
            long at = w - (limit - current - cost) * w / previous;
            retry = at - elapsed;
        } else {
            long at = w - (limit - cost) * w / current;
            retry = (w - elapsed) + at;
        }
        long remaining = Math.max(0, (limit * w - previous * (w - elapsed) - current * w) / w);
        long reset = current > 0 ? (w - elapsed) + w : previous > 0 ? w - elapsed : 0;
        return new Result(allowed, remaining, retry, reset, new double[] {start, previous, current}, reset);
    }

    static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
