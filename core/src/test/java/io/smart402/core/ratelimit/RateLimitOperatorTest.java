package io.smart402.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class RateLimitOperatorTest {

    private static LocalRateLimiter tenPerSecond() {
        return LocalRateLimiter.builder().policy(new RateLimitPolicy.TokenBucket(10, Duration.ofSeconds(1), 10)).build();
    }

    @Test
    void failsTheStreamAtTheFirstRefusalWithTheSpecText() {
        StepVerifier.withVirtualTime(() -> Flux.range(1, 20)
                        .transform(RateLimitOperator.of(tenPerSecond(), i -> "c")))
                .expectNextCount(10)
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(RateLimitedException.class).hasMessage("Rate limited. Retry after 1s");
                    assertThat(((RateLimitedException) e).decision().retryAfter()).isEqualTo(Duration.ofMillis(100));
                })
                .verify();
    }

    @Test
    void pacesAStreamToTheLimitInsteadOfCuttingIt() {
        StepVerifier.withVirtualTime(() -> Flux.range(1, 30)
                        .transform(RateLimitOperator.of(tenPerSecond(), i -> "c", Duration.ofSeconds(1))))
                .expectNextCount(10)
                .expectNoEvent(Duration.ofMillis(99))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(11)
                .thenAwait(Duration.ofMillis(1900))
                .expectNextCount(19)
                .verifyComplete();
    }

    @Test
    void keysAreChargedSeparately() {
        StepVerifier.withVirtualTime(() -> Flux.range(0, 20)
                        .transform(RateLimitOperator.of(tenPerSecond(), i -> i % 2 == 0 ? "even" : "odd")))
                .expectNextCount(20)
                .verifyComplete();
    }

    @Test
    void admissionsAnswerEveryElementAndGoOn() {
        StepVerifier.withVirtualTime(() -> Flux.range(1, 20)
                        .transform(RateLimitOperator.admissions(tenPerSecond(), i -> "c", Duration.ZERO))
                        .map(Admission::allowed))
                .expectNextCount(10)
                .expectNext(false, false, false, false, false, false, false, false, false, false)
                .verifyComplete();
    }

    @Test
    void monoIsChargedWhenItsValueArrives() {
        LocalRateLimiter limiter = LocalRateLimiter.builder()
                .policy(new RateLimitPolicy.TokenBucket(1, Duration.ofHours(1), 1)).build();
        StepVerifier.withVirtualTime(() -> Mono.just("a").transform(RateLimitOperator.of(limiter, s -> s))
                        .concatWith(Mono.just("a").transform(RateLimitOperator.of(limiter, s -> s))))
                .expectNext("a")
                .expectError(RateLimitedException.class)
                .verify();
    }
}
