package io.smart402.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Each algorithm over simulated minutes in virtual time: the limiter reads the virtual clock through
 * {@code SchedulerClock}, requests arrive on {@code Flux.interval}.
 */
class LocalRateLimiterTest {

    private static LocalRateLimiter limiter(RateLimitPolicy policy) {
        return LocalRateLimiter.builder().policy(policy).build();
    }

    /** Offers one request every {@code every} for {@code count} ticks; emits the virtual times (ms) of those allowed. */
    private static Mono<List<Long>> steady(RateLimiter limiter, Duration every, int count) {
        return Flux.interval(every).take(count)
                .concatMap(i -> limiter.tryAcquire("c", 1))
                .filter(RateLimitDecision::allowed)
                .map(d -> Schedulers.parallel().now(TimeUnit.MILLISECONDS))
                .collectList();
    }

    private static long burst(RateLimiter limiter, int n) {
        return Flux.range(0, n).concatMap(i -> limiter.tryAcquire("c", 1)).filter(RateLimitDecision::allowed)
                .count().block();
    }

    @Test
    void tokenBucketReferenceValueFromTheOriginal() {
        // Spec §5: token bucket rate 10/1 s burst 15, 20 instant calls → 10 allowed, 10 blocked.
        StepVerifier.withVirtualTime(() -> {
                    LocalRateLimiter l = limiter(new RateLimitPolicy.TokenBucket(10, Duration.ofSeconds(1), 15));
                    return Flux.range(0, 20).concatMap(i -> l.tryAcquire("c", 1))
                            .map(RateLimitDecision::allowed).collectList();
                })
                .assertNext(allowed -> {
                    assertThat(allowed.stream().filter(a -> a).count()).isEqualTo(10);
                    assertThat(allowed.subList(0, 10)).containsOnly(true);
                    assertThat(allowed.subList(10, 20)).containsOnly(false);
                })
                .verifyComplete();
    }

    @Test
    void tokenBucket100PerMinuteBurst20OverFiveSimulatedMinutes() {
        StepVerifier.withVirtualTime(() -> {
                    LocalRateLimiter l = limiter(new RateLimitPolicy.TokenBucket(100, Duration.ofSeconds(60), 20));
                    long first = burst(l, 30);
                    RateLimitDecision refused = l.tryAcquire("c", 1).block();
                    return steady(l, Duration.ofMillis(100), 3000).map(times -> List.of(first, refused, times));
                })
                .thenAwait(Duration.ofMinutes(5))
                .assertNext(r -> {
                    assertThat(r.get(0)).isEqualTo(20L);
                    RateLimitDecision refused = (RateLimitDecision) r.get(1);
                    assertThat(refused.allowed()).isFalse();
                    assertThat(refused.remaining()).isZero();
                    assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(600));
                    assertThat(refused.resetAfter()).isEqualTo(Duration.ofSeconds(12));
                    @SuppressWarnings("unchecked") List<Long> times = (List<Long>) r.get(2);
                    // 100 tokens a minute, one every 600 ms, each taken as soon as it exists.
                    assertThat(times).hasSize(500);
                    assertThat(times.get(0)).isEqualTo(600);
                    assertThat(times.get(499)).isEqualTo(300_000);
                })
                .verifyComplete();
    }

    @Test
    void gcraAdmitsTheBurstThenExactlyOnePerEmissionInterval() {
        StepVerifier.withVirtualTime(() -> {
                    LocalRateLimiter l = limiter(new RateLimitPolicy.Gcra(100, Duration.ofSeconds(60), 20));
                    long first = burst(l, 30);
                    return steady(l, Duration.ofMillis(100), 3000).map(times -> List.of(first, times));
                })
                .thenAwait(Duration.ofMinutes(5))
                .assertNext(r -> {
                    assertThat(r.get(0)).isEqualTo(20L);
                    @SuppressWarnings("unchecked") List<Long> times = (List<Long>) r.get(1);
                    assertThat(times).hasSize(500);
                    assertThat(times.get(0)).isEqualTo(600);
                })
                .verifyComplete();
    }

    @Test
    void gcraWithBurstOneSpacesRequestsEvenly() {
        StepVerifier.withVirtualTime(() -> steady(limiter(new RateLimitPolicy.Gcra(60, Duration.ofSeconds(60), 1)),
                        Duration.ofMillis(250), 4 * 120))
                .thenAwait(Duration.ofMinutes(2))
                .assertNext(times -> {
                    assertThat(times).hasSize(120);
                    List<Long> gaps = new ArrayList<>();
                    for (int i = 1; i < times.size(); i++) {
                        gaps.add(times.get(i) - times.get(i - 1));
                    }
                    assertThat(gaps).containsOnly(1000L);
                })
                .verifyComplete();
    }

    @Test
    void slidingWindowWeighsThePreviousWindow() {
        StepVerifier.withVirtualTime(() -> {
                    LocalRateLimiter l = limiter(new RateLimitPolicy.SlidingWindow(100, Duration.ofSeconds(60)));
                    long atZero = burst(l, 150);
                    RateLimitDecision refused = l.tryAcquire("c", 1).block();
                    return Mono.delay(Duration.ofSeconds(75)).map(x -> burst(l, 100))
                            .flatMap(at75 -> Mono.delay(Duration.ofSeconds(15)).map(x -> burst(l, 100))
                                    .map(at90 -> List.of(atZero, refused, at75, at90)));
                })
                .thenAwait(Duration.ofSeconds(90))
                .assertNext(r -> {
                    assertThat(r.get(0)).isEqualTo(100L);
                    RateLimitDecision refused = (RateLimitDecision) r.get(1);
                    // The next window must start and 0.6 s of it pass before 100 × (1 − f) + 1 ≤ 100.
                    assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(60_600));
                    // t = 75 s: 100 × 45/60 = 75 counted, 25 left; t = 90 s: 100 × 30/60 + 25 = 75, 25 more.
                    assertThat(r.get(2)).isEqualTo(25L);
                    assertThat(r.get(3)).isEqualTo(25L);
                })
                .verifyComplete();
    }

    @Test
    void slidingWindowRetryAfterIsExact() {
        StepVerifier.withVirtualTime(() -> {
                    LocalRateLimiter l = limiter(new RateLimitPolicy.SlidingWindow(100, Duration.ofSeconds(60)));
                    burst(l, 100);
                    return Mono.delay(Duration.ofMillis(60_599)).map(x -> l.tryAcquire("c", 1).block().allowed())
                            .flatMap(early -> Mono.delay(Duration.ofMillis(1))
                                    .map(x -> reactor.util.function.Tuples.of(early, l.tryAcquire("c", 1).block().allowed())));
                })
                .thenAwait(Duration.ofSeconds(61))
                .assertNext(t -> {
                    assertThat(t.getT1()).isFalse();
                    assertThat(t.getT2()).isTrue();
                })
                .verifyComplete();
    }

    @Test
    void slidingWindowNeverAdmitsMoreThanTheLimitPerWindowUnderSteadyLoad() {
        StepVerifier.withVirtualTime(() -> steady(limiter(new RateLimitPolicy.SlidingWindow(100, Duration.ofSeconds(60))),
                        Duration.ofMillis(100), 6000))
                .thenAwait(Duration.ofMinutes(10))
                .assertNext(times -> {
                    long[] perWindow = new long[11];
                    times.forEach(t -> perWindow[(int) (t / 60_000)]++);
                    for (int w = 0; w < 10; w++) {
                        assertThat(perWindow[w]).as("window %d", w).isBetween(98L, 100L);
                    }
                })
                .verifyComplete();
    }

    @Test
    void perClientOverridesAndCostChecks() {
        RateLimitPolicies policies = new RateLimitPolicies(new RateLimitPolicy.TokenBucket(5, Duration.ofSeconds(1), 5),
                Map.of("vip", new RateLimitPolicy.TokenBucket(50, Duration.ofSeconds(1), 50)));
        StepVerifier.withVirtualTime(() -> {
                    LocalRateLimiter l = LocalRateLimiter.builder().policies(policies).build();
                    return Mono.zip(l.tryAcquire("vip", 50), l.tryAcquire("plain", 5), l.tryAcquire("plain", 1));
                })
                .assertNext(t -> {
                    assertThat(t.getT1().allowed()).isTrue();
                    assertThat(t.getT1().policy().quota()).isEqualTo(50);
                    assertThat(t.getT2().allowed()).isTrue();
                    assertThat(t.getT3().allowed()).isFalse();
                    assertThat(t.getT3().retryAfterSeconds()).isEqualTo(1);
                })
                .verifyComplete();
        LocalRateLimiter l = LocalRateLimiter.builder().policies(policies).build();
        assertThatThrownBy(() -> l.tryAcquire("plain", 6).block()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity 5");
    }

    @Test
    void idleStateExpiresSoMemoryStaysBounded() {
        StepVerifier.withVirtualTime(() -> {
                    LocalRateLimiter l = LocalRateLimiter.builder()
                            .policy(new RateLimitPolicy.TokenBucket(10, Duration.ofSeconds(1), 10))
                            .meterRegistry(new SimpleMeterRegistry()).build();
                    Flux.range(0, 1000).concatMap(i -> l.tryAcquire("client-" + i, 3)).blockLast();
                    long tracked = l.trackedKeys();
                    return Mono.delay(Duration.ofSeconds(5)).map(x -> List.of(tracked, l.trackedKeys()));
                })
                .thenAwait(Duration.ofSeconds(5))
                .assertNext(counts -> {
                    assertThat(counts.get(0)).isEqualTo(1000L);
                    assertThat(counts.get(1)).isZero();
                })
                .verifyComplete();
    }

    @Test
    void rejectsNonsensePolicies() {
        assertThatThrownBy(() -> new RateLimitPolicy.TokenBucket(0, Duration.ofSeconds(1), 1))
                .hasMessageContaining("rate must be at least 1");
        assertThatThrownBy(() -> new RateLimitPolicy.SlidingWindow(10, Duration.ofNanos(10)))
                .hasMessageContaining("at least 1ms");
        assertThatThrownBy(() -> RateLimitPolicy.of("fixed", 1, Duration.ofSeconds(1), 1))
                .hasMessageContaining("token-bucket, gcra or sliding-window");
        assertThatThrownBy(() -> new RateLimitPolicy.Gcra(1, Duration.ofDays(3650), 1_000_000_000))
                .hasMessageContaining("too large");
    }
}
