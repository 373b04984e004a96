package io.smart402.server.config;

import io.smart402.core.ratelimit.RateLimitPolicies;
import io.smart402.core.ratelimit.RedisRateLimiter;
import io.smart402.core.resilience.circuitbreaker.BreakerSettings;
import io.smart402.core.resilience.priority.Priority;
import java.time.Duration;

/**
 * Admission and resilience settings (issue #4): who may call, how fast, how store writes are retried,
 * how work is prioritized and where failed items go. Keys and defaults: {@code defaults.yaml}.
 */
public record AdmissionConfig(RateLimit rateLimit, Retry retry, Prioritization priority, DeadLetters deadLetters) {

    /**
     * Per-client rate limiting.
     *
     * @param maxWait      how long a single request may wait for its permit (0 = answer 429 at once)
     * @param batchMaxWait how long each batch item may wait for its permit before it gets a 429 event
     */
    public record RateLimit(boolean enabled, RateLimitPolicies policies, Duration maxWait, Duration batchMaxWait,
                            long maxClients, Backend backend, Redis redis) {
    }

    /** Where rate-limit state lives. */
    public enum Backend { LOCAL, REDIS }

    /** The shared (Redis) limiter. */
    public record Redis(String uri, String keyPrefix, Duration timeout, RedisRateLimiter.FailureMode onFailure,
                        BreakerSettings breaker) {
    }

    /** Store-write retries. */
    public record Retry(int maxAttempts, Duration firstBackoff, Duration maxBackoff, double jitter,
                        Duration deadline) {
    }

    /** Priority admission in front of the phases. */
    public record Prioritization(Priority defaultPriority, Duration aging, int maxWaiting) {
    }

    /** Dead letters. */
    public record DeadLetters(boolean enabled, Duration nodeTimeout) {
    }
}
