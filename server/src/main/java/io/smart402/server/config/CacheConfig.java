package io.smart402.server.config;

import io.smart402.core.cache.CacheSettings;
import io.smart402.core.resilience.circuitbreaker.BreakerSettings;
import java.time.Duration;

/**
 * The {@code cache} section (issue #5). Keys and defaults: {@code defaults.yaml}.
 *
 * @param settings L1 policy, size and lifetimes, and the L2 TTL
 */
public record CacheConfig(boolean enabled, CacheSettings settings, Redis redis, Warming warming,
                          PhaseResults phaseResults) {

    /** L2 and invalidation; {@code uri} empty means L1 only. */
    public record Redis(String uri, String keyPrefix, Duration timeout, String channel, BreakerSettings breaker) {
        public boolean enabled() {
            return !uri.isBlank();
        }
    }

    /** Start-up warming. */
    public record Warming(boolean enabled, int perShard, Duration maxWait) {
    }

    /** The content-addressed phase-result cache. */
    public record PhaseResults(boolean enabled, long maxEntries) {
    }
}
