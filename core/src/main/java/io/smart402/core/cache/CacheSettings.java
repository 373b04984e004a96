package io.smart402.core.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * One {@link TwoLevelCache}'s sizes and lifetimes.
 *
 * @param policy      L1 eviction policy
 * @param maxEntries  L1 capacity in entries
 * @param ttl         L1 entry lifetime after write; zero for none
 * @param negativeTtl how long "no such key" is remembered (L1 only); zero to not cache absence
 * @param l2Ttl       L2 entry lifetime (Redis {@code PX}); must be positive
 */
public record CacheSettings(CachePolicy policy, long maxEntries, Duration ttl, Duration negativeTtl, Duration l2Ttl) {

    /** Adaptive, 10000 entries, 5 min L1, 2 s negative, 30 min L2. */
    public static final CacheSettings DEFAULTS = new CacheSettings(CachePolicy.ADAPTIVE, 10_000,
            Duration.ofMinutes(5), Duration.ofSeconds(2), Duration.ofMinutes(30));

    public CacheSettings {
        Objects.requireNonNull(policy, "cache.policy");
        Objects.requireNonNull(ttl, "cache.ttl");
        Objects.requireNonNull(negativeTtl, "cache.negative-ttl");
        Objects.requireNonNull(l2Ttl, "cache.redis.ttl");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("cache.max-entries must be at least 1, was " + maxEntries);
        }
        if (ttl.isNegative() || negativeTtl.isNegative()) {
            throw new IllegalArgumentException("cache.ttl and cache.negative-ttl must not be negative");
        }
        if (l2Ttl.isNegative() || l2Ttl.isZero() || l2Ttl.toMillis() < 1) {
            throw new IllegalArgumentException("cache.redis.ttl must be at least 1ms, was " + l2Ttl);
        }
    }
}
