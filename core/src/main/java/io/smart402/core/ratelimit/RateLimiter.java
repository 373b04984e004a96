package io.smart402.core.ratelimit;

import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * Decides, per key (a client id), whether permits may be taken now. Implementations never block: the
 * local one answers at once, the Redis one with one script call.
 */
public interface RateLimiter {

    /** Takes {@code permits} for {@code key} if the key's policy allows it now; never waits. */
    Mono<RateLimitDecision> tryAcquire(String key, long permits);

    /** The policy that applies to {@code key}. */
    RateLimitPolicy policy(String key);

    /**
     * Takes {@code permits}, waiting (without blocking: {@code Mono.delay}) for as long as each refusal's
     * {@code retryAfter} says, while the total wait stays within {@code maxWait}; emits the last refusal
     * when the next wait would exceed it. {@code maxWait} zero is {@link #tryAcquire}.
     */
    default Mono<RateLimitDecision> acquire(String key, long permits, Duration maxWait) {
        return Pacing.acquire(this, key, permits, maxWait.toNanos());
    }
}
