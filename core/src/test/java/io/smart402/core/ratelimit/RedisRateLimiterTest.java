package io.smart402.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smart402.core.redis.LocalRedis;
import io.smart402.core.resilience.MutableClock;
import io.smart402.core.resilience.circuitbreaker.Breaker;
import io.smart402.core.resilience.circuitbreaker.BreakerSettings;
import io.smart402.core.resilience.circuitbreaker.Breakers;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** The Redis limiter against a real redis-server of its own (started here, on a free port). */
class RedisRateLimiterTest {

    private static LocalRedis redis;

    @BeforeAll
    static void startRedis() {
        redis = LocalRedis.start(Path.of("target", "redis-ratelimit-test").toAbsolutePath());
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private static RedisRateLimiter connected(RedisRateLimiter.Builder builder) {
        RedisRateLimiter limiter = builder.build();
        limiter.connect().block(Duration.ofSeconds(30));
        return limiter;
    }

    private static RedisRateLimiter.Builder limiter(RateLimitPolicy policy, String prefix) {
        return RedisRateLimiter.builder().uri(redis.uri()).policy(policy).keyPrefix(prefix)
                .timeout(Duration.ofSeconds(2));
    }

    @Test
    void twoInstancesShareOneLimitExactly() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:10Z"));
        List<RateLimitPolicy> policies = List.of(new RateLimitPolicy.TokenBucket(1, Duration.ofHours(1), 50, 50),
                new RateLimitPolicy.Gcra(1, Duration.ofHours(1), 50),
                new RateLimitPolicy.SlidingWindow(50, Duration.ofHours(1)));
        for (RateLimitPolicy policy : policies) {
            try (RedisRateLimiter a = connected(limiter(policy, "share:").clock(clock));
                 RedisRateLimiter b = connected(limiter(policy, "share:").clock(clock))) {
                // 200 concurrent requests for one client, alternating between the two instances.
                long allowed = Flux.range(0, 200)
                        .flatMap(i -> (i % 2 == 0 ? a : b).tryAcquire("alice", 1), 64)
                        .filter(RateLimitDecision::allowed).count().block(Duration.ofSeconds(30));
                assertThat(allowed).as(policy.algorithm()).isEqualTo(50);
                RateLimitDecision next = b.tryAcquire("alice", 1).block(Duration.ofSeconds(5));
                assertThat(next.allowed()).isFalse();
                assertThat(next.remaining()).isZero();
            }
        }
    }

    @Test
    void sharedLimitUsesRedisTimeWhenNoClockIsGiven() {
        RateLimitPolicy policy = new RateLimitPolicy.TokenBucket(100, Duration.ofSeconds(60), 100, 100);
        try (RedisRateLimiter a = connected(limiter(policy, "time:")); RedisRateLimiter b = connected(limiter(policy, "time:"))) {
            long start = System.nanoTime();
            long allowed = Flux.range(0, 300).flatMap(i -> (i % 2 == 0 ? a : b).tryAcquire("bob", 1), 32)
                    .filter(RateLimitDecision::allowed).count().block(Duration.ofSeconds(30));
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            // 100 in the bucket plus whatever trickled in (one per 600 ms) while the requests ran, measured rather
            // than assumed short: a loaded machine may take seconds over 300 requests.
            assertThat(allowed).isBetween(100L, 100L + elapsedMillis / 600 + 1);
        }
    }

    @Test
    void luaScriptAndJavaDecideAlikeStepByStep() {
        Random random = new Random(402);
        List<RateLimitPolicy> policies = List.of(new RateLimitPolicy.TokenBucket(7, Duration.ofSeconds(3), 5),
                new RateLimitPolicy.Gcra(7, Duration.ofSeconds(3), 4),
                new RateLimitPolicy.SlidingWindow(9, Duration.ofMillis(2500)));
        for (RateLimitPolicy policy : policies) {
            MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00.123456Z"));
            LocalRateLimiter local = LocalRateLimiter.builder().policy(policy).clock(clock).build();
            try (RedisRateLimiter remote = connected(limiter(policy, "parity:").clock(clock))) {
                List<String> mismatches = new ArrayList<>();
                for (int step = 0; step < 400; step++) {
                    clock.advance(Duration.ofNanos(1000L * random.nextInt(900_000)));
                    long cost = 1 + random.nextInt((int) Math.min(3, policy.capacity()));
                    RateLimitDecision l = local.tryAcquire("p", cost).block();
                    RateLimitDecision r = remote.tryAcquire("p", cost).block(Duration.ofSeconds(5));
                    if (!l.equals(r)) {
                        mismatches.add(step + ": local " + l + " redis " + r);
                    }
                }
                assertThat(mismatches).as(policy.algorithm()).isEmpty();
            }
        }
    }

    @Test
    void fallsBackToTheLocalLimiterWhileRedisIsDownAndComesBack() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Breaker breaker = new Breakers(clock, registry).breaker("redis",
                new BreakerSettings(50, 4, 4, Duration.ofSeconds(10), 1), e -> true);
        RateLimitPolicy policy = new RateLimitPolicy.TokenBucket(1, Duration.ofHours(1), 3, 3);
        try (RedisRateLimiter open = connected(limiter(policy, "fallback:").clock(clock).breaker(breaker)
                .meterRegistry(registry).timeout(Duration.ofMillis(500)));
             RedisRateLimiter closed = connected(limiter(policy, "fallback-closed:").clock(clock)
                     .failureMode(RedisRateLimiter.FailureMode.CLOSED).timeout(Duration.ofMillis(500)))) {
            assertThat(open.tryAcquire("carol", 1).block(Duration.ofSeconds(5)).allowed()).isTrue();
            redis.kill();
            try {
                // The local fallback has its own bucket of 3: three allowed, then refused.
                List<Boolean> during = Flux.range(0, 5).concatMap(i -> open.tryAcquire("carol", 1))
                        .map(RateLimitDecision::allowed).collectList().block(Duration.ofSeconds(30));
                assertThat(during).containsExactly(true, true, true, false, false);
                assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
                assertThat(registry.get("smart402.ratelimit.fallback").tag("mode", "local").counter().count())
                        .isEqualTo(5);
                assertThat(registry.get("smart402.circuit.breaker.rejected.calls").counter().count()).isPositive();
                StepVerifier.create(closed.tryAcquire("carol", 1))
                        .expectError(RateLimiterUnavailableException.class).verify(Duration.ofSeconds(10));
            } finally {
                redis.restart();
            }
            clock.advance(Duration.ofSeconds(10));
            // Redis kept carol's state: 2 of 3 left from before the outage. Lettuce reconnects in the
            // background; the half-open breaker lets one trial call through per attempt, and the breaker
            // half-opens only once the test clock has moved past its open wait.
            AtomicReference<Throwable> lastTrialError = new AtomicReference<>();
            breaker.circuitBreaker().getEventPublisher().onError(e -> lastTrialError.set(e.getThrowable()));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                open.tryAcquire("dave", 1).block(Duration.ofSeconds(5));
                if (breaker.state() == CircuitBreaker.State.OPEN) {
                    clock.advance(Duration.ofSeconds(10));
                }
                assertThat(breaker.state()).as("breaker; the last failed trial call said %s", lastTrialError.get())
                        .isEqualTo(CircuitBreaker.State.CLOSED);
            });
            assertThat(registry.get("smart402.ratelimit.decisions").tag("backend", "redis").tag("outcome", "allowed")
                    .counter().count()).isGreaterThanOrEqualTo(2);
        }
    }
}
