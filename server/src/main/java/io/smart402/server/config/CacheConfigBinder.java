package io.smart402.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.smart402.core.cache.CachePolicy;
import io.smart402.core.cache.CacheSettings;

/** Binds {@code cache}; errors name the key. */
final class CacheConfigBinder {

    private CacheConfigBinder() {
    }

    static CacheConfig bind(JsonNode t) {
        CachePolicy policy;
        try {
            policy = CachePolicy.parse(ConfigBinder.text(t, "cache.policy"), "cache.policy");
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
        CacheSettings settings;
        try {
            settings = new CacheSettings(policy, ConfigBinder.longMin(t, "cache.max-entries", 1),
                    ConfigBinder.durationOrZero(t, "cache.ttl"), ConfigBinder.durationOrZero(t, "cache.negative-ttl"),
                    ConfigBinder.duration(t, "cache.redis.ttl"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
        String channel = ConfigBinder.text(t, "cache.redis.channel");
        if (channel.isBlank()) {
            throw new ConfigException("'cache.redis.channel' must not be empty");
        }
        CacheConfig.Redis redis = new CacheConfig.Redis(ConfigBinder.text(t, "cache.redis.uri").trim(),
                ConfigBinder.text(t, "cache.redis.key-prefix"), ConfigBinder.duration(t, "cache.redis.timeout"),
                channel, AdmissionConfigBinder.breaker(t, "cache.redis.breaker"));
        CacheConfig.Warming warming = new CacheConfig.Warming(ConfigBinder.bool(t, "cache.warming.enabled"),
                ConfigBinder.intRange(t, "cache.warming.per-shard", 0, 1_000_000),
                ConfigBinder.durationOrZero(t, "cache.warming.max-wait"));
        CacheConfig.PhaseResults phases = new CacheConfig.PhaseResults(ConfigBinder.bool(t, "cache.phase-results.enabled"),
                ConfigBinder.longMin(t, "cache.phase-results.max-entries", 1));
        return new CacheConfig(ConfigBinder.bool(t, "cache.enabled"), settings, redis, warming, phases);
    }
}
