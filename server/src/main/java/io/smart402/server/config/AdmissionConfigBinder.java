package io.smart402.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.smart402.core.ratelimit.RateLimitPolicies;
import io.smart402.core.ratelimit.RateLimitPolicy;
import io.smart402.core.ratelimit.RedisRateLimiter;
import io.smart402.core.resilience.circuitbreaker.BreakerSettings;
import io.smart402.core.resilience.priority.Priority;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Binds {@code ratelimit}, {@code retry}, {@code priority} and {@code dead-letters}; errors name the key. */
final class AdmissionConfigBinder {

    private AdmissionConfigBinder() {
    }

    static AdmissionConfig bind(JsonNode t) {
        return new AdmissionConfig(rateLimit(t), retry(t), priority(t), deadLetters(t));
    }

    private static AdmissionConfig.RateLimit rateLimit(JsonNode t) {
        RateLimitPolicy defaults = policy(t.path("ratelimit"), "ratelimit", null);
        Map<String, RateLimitPolicy> clients = new LinkedHashMap<>();
        JsonNode overrides = t.path("ratelimit").path("clients");
        if (!overrides.isMissingNode() && !overrides.isNull() && !overrides.isObject()) {
            throw new ConfigException("'ratelimit.clients' must be a mapping of client id to policy");
        }
        overrides.fields().forEachRemaining(f -> clients.put(f.getKey(),
                policy(f.getValue(), "ratelimit.clients." + f.getKey(), t.path("ratelimit"))));
        String backend = ConfigBinder.text(t, "ratelimit.backend");
        AdmissionConfig.Backend parsedBackend = switch (backend) {
            case "local" -> AdmissionConfig.Backend.LOCAL;
            case "redis" -> AdmissionConfig.Backend.REDIS;
            default -> throw new ConfigException("'ratelimit.backend' must be local or redis, was '" + backend + "'");
        };
        String onFailure = ConfigBinder.text(t, "ratelimit.redis.on-failure");
        RedisRateLimiter.FailureMode mode = switch (onFailure) {
            case "local" -> RedisRateLimiter.FailureMode.LOCAL;
            case "open" -> RedisRateLimiter.FailureMode.OPEN;
            case "closed" -> RedisRateLimiter.FailureMode.CLOSED;
            default -> throw new ConfigException("'ratelimit.redis.on-failure' must be local, open or closed, was '"
                    + onFailure + "'");
        };
        String uri = ConfigBinder.text(t, "ratelimit.redis.uri");
        if (parsedBackend == AdmissionConfig.Backend.REDIS && uri.isBlank()) {
            throw new ConfigException("'ratelimit.redis.uri' is required when ratelimit.backend is redis");
        }
        AdmissionConfig.Redis redis = new AdmissionConfig.Redis(uri, ConfigBinder.text(t, "ratelimit.redis.key-prefix"),
                ConfigBinder.duration(t, "ratelimit.redis.timeout"), mode, breaker(t, "ratelimit.redis.breaker"));
        return new AdmissionConfig.RateLimit(ConfigBinder.bool(t, "ratelimit.enabled"), new RateLimitPolicies(defaults, clients),
                ConfigBinder.durationOrZero(t, "ratelimit.max-wait"), ConfigBinder.durationOrZero(t, "ratelimit.batch-max-wait"),
                ConfigBinder.longMin(t, "ratelimit.max-clients", 1), parsedBackend, redis);
    }

    /** A policy; per-client entries inherit what they omit from {@code fallback} (the global settings). */
    private static RateLimitPolicy policy(JsonNode node, String key, JsonNode fallback) {
        if (!node.isObject()) {
            throw new ConfigException("'" + key + "' must be a mapping with algorithm, rate, period, burst");
        }
        JsonNode source = fallback == null ? node : merged(fallback, node);
        try {
            return RateLimitPolicy.of(source.path("algorithm").asText(""), positiveLong(source, key, "rate"),
                    ConfigBinder.duration(source, "period"), positiveLong(source, key, "burst"));
        } catch (ConfigException e) {
            throw new ConfigException(e.getMessage().replace("'period'", "'" + key + ".period'"), e);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("'" + key + "': " + e.getMessage(), e);
        }
    }

    private static JsonNode merged(JsonNode base, JsonNode over) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = com.fasterxml.jackson.databind.node.JsonNodeFactory
                .instance.objectNode();
        for (String f : new String[] {"algorithm", "rate", "period", "burst"}) {
            JsonNode v = over.has(f) ? over.get(f) : base.get(f);
            if (v != null) {
                copy.set(f, v);
            }
        }
        return copy;
    }

    private static long positiveLong(JsonNode node, String key, String field) {
        JsonNode v = node.path(field);
        long value = v.isIntegralNumber() ? v.longValue() : parse(v.asText(""), key + "." + field);
        if (value < 1) {
            throw new ConfigException("'" + key + "." + field + "' must be at least 1, was " + value);
        }
        return value;
    }

    private static long parse(String text, String key) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("'" + key + "' must be an integer, was '" + text + "'");
        }
    }

    static BreakerSettings breaker(JsonNode t, String key) {
        try {
            return new BreakerSettings(ConfigBinder.intRange(t, key + ".failure-rate", 1, 100),
                    ConfigBinder.intRange(t, key + ".sliding-window", 1, 10_000),
                    ConfigBinder.intRange(t, key + ".minimum-calls", 1, 10_000),
                    ConfigBinder.duration(t, key + ".wait-in-open"),
                    ConfigBinder.intRange(t, key + ".half-open-calls", 1, 1000));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("'" + key + "': " + e.getMessage(), e);
        }
    }

    private static AdmissionConfig.Retry retry(JsonNode t) {
        Duration first = ConfigBinder.duration(t, "retry.first-backoff");
        Duration max = ConfigBinder.duration(t, "retry.max-backoff");
        if (max.compareTo(first) < 0) {
            throw new ConfigException("'retry.max-backoff' (" + max + ") must be at least 'retry.first-backoff' (" + first + ")");
        }
        String jitterText = ConfigBinder.text(t, "retry.jitter");
        double jitter;
        try {
            jitter = Double.parseDouble(jitterText);
        } catch (NumberFormatException e) {
            throw new ConfigException("'retry.jitter' must be a number between 0 and 1, was '" + jitterText + "'");
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new ConfigException("'retry.jitter' must be between 0 and 1, was " + jitter);
        }
        return new AdmissionConfig.Retry(ConfigBinder.intRange(t, "retry.max-attempts", 1, 100), first, max, jitter,
                ConfigBinder.duration(t, "retry.deadline"));
    }

    private static AdmissionConfig.Prioritization priority(JsonNode t) {
        String text = ConfigBinder.text(t, "priority.default");
        Priority p = Priority.parse(text).orElseThrow(() -> new ConfigException(
                "'priority.default' must be CRITICAL, HIGH, NORMAL, LOW or BACKGROUND, was '" + text + "'"));
        return new AdmissionConfig.Prioritization(p, ConfigBinder.durationOrZero(t, "priority.aging"),
                ConfigBinder.intRange(t, "priority.max-waiting", 0, 10_000_000));
    }

    private static AdmissionConfig.DeadLetters deadLetters(JsonNode t) {
        return new AdmissionConfig.DeadLetters(ConfigBinder.bool(t, "dead-letters.enabled"),
                ConfigBinder.duration(t, "dead-letters.node-timeout"));
    }
}
