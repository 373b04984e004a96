package io.smart402.server.config;

import io.smart402.core.cache.CachePolicy;
import io.smart402.core.cache.CacheSettings;
import io.smart402.core.resilience.circuitbreaker.BreakerSettings;
import java.time.Duration;

/**
 * The {@code cache} section (issue #5). Keys and defaults: {@code defaults.yaml}.
 *
 * @param policy      L1 eviction policy
 * @param maxEntries  L1 capacity
 * @param ttl         L1 entry lifetime (zero: none)
 * @param negativeTtl how long an unknown id is remembered (zero: not at all)
 */
public record CacheConfig(boolean enabled, CachePolicy policy, long maxEntries, Duration ttl, Duration negativeTtl,
                          Redis redis, Warming warming, PhaseResults phaseResults) {

    public CacheConfig {
        Check.required("policy", policy);
        Check.atLeast("max-entries", maxEntries, 1);
        Check.required("ttl", ttl);
        Check.required("negative-ttl", negativeTtl);
        Check.required("redis", redis);
        Check.required("warming", warming);
        Check.required("phase-results", phaseResults);
        settings(policy, maxEntries, ttl, negativeTtl, redis);
    }

    /** L1 policy, size and lifetimes, and the L2 TTL ({@code cache.redis.ttl}). */
    public CacheSettings settings() {
        return settings(policy, maxEntries, ttl, negativeTtl, redis);
    }

    private static CacheSettings settings(CachePolicy policy, long maxEntries, Duration ttl, Duration negativeTtl,
                                          Redis redis) {
        return Check.accepted(() -> new CacheSettings(policy, maxEntries, ttl, negativeTtl, redis.ttl()));
    }

    /** L2 and invalidation; {@code uri} empty means L1 only. */
    public record Redis(String uri, String keyPrefix, Duration ttl, Duration timeout, String channel,
                        BreakerSettings breaker) {
        public Redis {
            uri = Check.required("uri", uri).trim();
            Check.required("key-prefix", keyPrefix);
            Check.positive("ttl", ttl);
            Check.positive("timeout", timeout);
            if (channel == null || channel.isBlank()) {
                throw Invalid.of("channel", "must not be empty");
            }
            Check.required("breaker", breaker);
        }

        public boolean enabled() {
            return !uri.isBlank();
        }
    }

    /** Start-up warming. */
    public record Warming(boolean enabled, int perShard, Duration maxWait) {
        public Warming {
            Check.range("per-shard", perShard, 0, 1_000_000);
            Check.required("max-wait", maxWait);
        }
    }

    /** The content-addressed phase-result cache. */
    public record PhaseResults(boolean enabled, long maxEntries) {
        public PhaseResults {
            Check.atLeast("max-entries", maxEntries, 1);
        }
    }
}
