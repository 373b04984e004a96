package io.smart402.core.ratelimit;

import java.time.Duration;
import reactor.core.publisher.Mono;

/** The waiting loop behind {@link RateLimiter#acquire}. */
final class Pacing {

    private Pacing() {
    }

    static Mono<RateLimitDecision> acquire(RateLimiter limiter, String key, long permits, long budgetNanos) {
        return limiter.tryAcquire(key, permits).flatMap(d -> {
            long wait = d.retryAfter().toNanos();
            if (d.allowed() || wait <= 0 || wait > budgetNanos) {
                return Mono.just(d);
            }
            // Another caller may take the permits first; then the next refusal says how much longer.
            return Mono.delay(Duration.ofNanos(wait)).then(Mono.defer(() ->
                    acquire(limiter, key, permits, budgetNanos - wait)));
        });
    }
}
