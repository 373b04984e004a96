package io.smart402.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.smart402.core.ratelimit.RateLimitPolicies;
import io.smart402.core.ratelimit.RateLimitPolicy;
import io.smart402.core.ratelimit.RedisRateLimiter;
import io.smart402.core.resilience.circuitbreaker.BreakerSettings;
import io.smart402.core.resilience.priority.Priority;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Admission and resilience settings (issue #4): who may call, how fast, how store writes are retried,
 * how work is prioritized and where failed items go. Keys and defaults: {@code defaults.yaml}; each part
 * is a top-level section there ({@code ratelimit}, {@code retry}, {@code priority}, {@code dead-letters}).
 */
public record AdmissionConfig(RateLimit rateLimit, Retry retry, Prioritization priority, DeadLetters deadLetters) {

    /**
     * Per-client rate limiting: the global policy ({@code algorithm}, {@code rate}, {@code period},
     * {@code burst}) and per-client overrides that inherit what they leave out.
     *
     * @param maxWait      how long a single request may wait for its permit (0 = answer 429 at once)
     * @param batchMaxWait how long each batch item may wait for its permit before it gets a 429 event
     */
    public record RateLimit(boolean enabled, String algorithm, long rate, Duration period, long burst,
                            Map<String, ClientPolicy> clients, Duration maxWait, Duration batchMaxWait,
                            long maxClients, Backend backend, Redis redis) {

        public RateLimit {
            Check.atLeast("rate", rate, 1);
            Check.positive("period", period);
            Check.atLeast("burst", burst, 1);
            clients = clients == null ? Map.of() : Map.copyOf(clients);
            Check.required("max-wait", maxWait);
            Check.required("batch-max-wait", batchMaxWait);
            Check.atLeast("max-clients", maxClients, 1);
            Check.required("backend", backend);
            Check.required("redis", redis);
            if (backend == Backend.REDIS && redis.uri().isBlank()) {
                throw Invalid.of("redis.uri", "is required when ratelimit.backend is redis");
            }
            policies(new ClientPolicy(algorithm, rate, period, burst), clients);
        }

        /** The global policy and the per-client ones, overrides completed from the global settings. */
        public RateLimitPolicies policies() {
            return policies(new ClientPolicy(algorithm, rate, period, burst), clients);
        }

        private static RateLimitPolicies policies(ClientPolicy global, Map<String, ClientPolicy> clients) {
            RateLimitPolicy defaults = global.over(global, "");
            Map<String, RateLimitPolicy> overrides = new LinkedHashMap<>();
            clients.forEach((client, policy) -> overrides.put(client, policy.over(global, "clients." + client)));
            return new RateLimitPolicies(defaults, overrides);
        }
    }

    /** One client's policy in {@code ratelimit.clients}; what it leaves out comes from the global one. */
    public record ClientPolicy(String algorithm, Long rate, Duration period, Long burst) {

        public ClientPolicy {
            if (rate != null) {
                Check.atLeast("rate", rate, 1);
            }
            if (period != null) {
                Check.positive("period", period);
            }
            if (burst != null) {
                Check.atLeast("burst", burst, 1);
            }
        }

        RateLimitPolicy over(ClientPolicy global, String key) {
            try {
                return RateLimitPolicy.of(or(algorithm, global.algorithm, ""), or(rate, global.rate, 1L),
                        or(period, global.period, Duration.ZERO), or(burst, global.burst, 1L));
            } catch (IllegalArgumentException e) {
                throw Invalid.of(key, ": " + e.getMessage());
            }
        }

        private static <T> T or(T value, T inherited, T none) {
            return value != null ? value : inherited != null ? inherited : none;
        }
    }

    /** Where rate-limit state lives. */
    public enum Backend { LOCAL, REDIS }

    /** The shared (Redis) limiter. */
    public record Redis(String uri, String keyPrefix, Duration timeout, RedisRateLimiter.FailureMode onFailure,
                        BreakerSettings breaker) {
        public Redis {
            Check.required("uri", uri);
            Check.required("key-prefix", keyPrefix);
            Check.positive("timeout", timeout);
            Check.required("on-failure", onFailure);
            Check.required("breaker", breaker);
        }
    }

    /** Store-write retries. */
    public record Retry(int maxAttempts, Duration firstBackoff, Duration maxBackoff, double jitter,
                        Duration deadline) {
        public Retry {
            Check.range("max-attempts", maxAttempts, 1, 100);
            Check.positive("first-backoff", firstBackoff);
            Check.positive("max-backoff", maxBackoff);
            if (maxBackoff.compareTo(firstBackoff) < 0) {
                throw new ConfigException("'retry.max-backoff' (" + maxBackoff + ") must be at least 'retry.first-backoff' ("
                        + firstBackoff + ")");
            }
            if (!(jitter >= 0 && jitter <= 1)) {
                throw Invalid.of("jitter", "must be between 0 and 1, was " + jitter);
            }
            Check.positive("deadline", deadline);
        }
    }

    /**
     * Priority admission in front of the phases.
     *
     * @param maxWait longest wait for the phases, and the predicted wait above which work is refused on arrival
     *                (503 with Retry-After); 0 = waits bounded by {@code max-waiting} only
     */
    public record Prioritization(@JsonProperty("default") Priority defaultPriority, Duration aging, int maxWaiting,
                                 Duration maxWait) {
        public Prioritization {
            Check.required("default", defaultPriority);
            Check.required("aging", aging);
            Check.range("max-waiting", maxWaiting, 0, 10_000_000);
            Check.required("max-wait", maxWait);
        }
    }

    /** Dead letters. */
    public record DeadLetters(boolean enabled, Duration nodeTimeout) {
        public DeadLetters {
            Check.positive("node-timeout", nodeTimeout);
        }
    }
}
