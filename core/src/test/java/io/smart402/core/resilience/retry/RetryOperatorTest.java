package io.smart402.core.resilience.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class RetryOperatorTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Long> attemptsAt = new ArrayList<>();

    /** No jitter effect: the random source always returns the midpoint. */
    private RetryPolicy.Builder policy() {
        return RetryPolicy.builder().name("store").maxAttempts(4).backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .deadline(Duration.ofSeconds(10)).random(() -> 0.5).meterRegistry(registry);
    }

    /** Fails with {@code error} the first {@code failures} times it is subscribed, then emits "ok". */
    private Mono<String> flaky(int failures, Throwable error) {
        return Mono.defer(() -> {
            attemptsAt.add(Schedulers.parallel().now(TimeUnit.MILLISECONDS));
            return attemptsAt.size() <= failures ? Mono.error(error) : Mono.just("ok");
        });
    }

    @Test
    void retriesWithExponentialBackoff() {
        StepVerifier.withVirtualTime(() -> flaky(3, new ConnectException("refused")).transform(RetryOperator.of(policy().build())))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(700))
                .expectNext("ok")
                .verifyComplete();
        // Waits of 100, 200 and 400 ms between the attempts.
        assertThat(attemptsAt).containsExactly(0L, 100L, 300L, 700L);
        assertThat(registry.get("smart402.retries").tag("name", "store").counter().count()).isEqualTo(3);
    }

    @Test
    void givesUpAfterMaxAttemptsSayingWhenItFailed() {
        StepVerifier.withVirtualTime(() -> flaky(10, new TimeoutException("slow")).transform(RetryOperator.of(policy().build())))
                .thenAwait(Duration.ofSeconds(1))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(RetryExhaustedException.class).hasCauseInstanceOf(TimeoutException.class);
                    RetryExhaustedException x = (RetryExhaustedException) e;
                    assertThat(x.attempts()).isEqualTo(4);
                    assertThat(x.firstFailure()).isEqualTo(Instant.ofEpochMilli(0));
                    assertThat(x.lastFailure()).isEqualTo(Instant.ofEpochMilli(700));
                })
                .verify();
        assertThat(attemptsAt).hasSize(4);
        assertThat(registry.get("smart402.retries.exhausted").counter().count()).isEqualTo(1);
    }

    @Test
    void stopsAtTheDeadline() {
        RetryPolicy p = policy().deadline(Duration.ofMillis(250)).build();
        StepVerifier.withVirtualTime(() -> flaky(10, new IOException("reset")).transform(RetryOperator.of(p)))
                .thenAwait(Duration.ofSeconds(1))
                .expectErrorSatisfies(e -> assertThat(((RetryExhaustedException) e).attempts()).isEqualTo(2))
                .verify();
        // A third attempt would start at 300 ms, past the 250 ms deadline.
        assertThat(attemptsAt).containsExactly(0L, 100L);
    }

    @Test
    void neverRetriesANonRetryableError() {
        StepVerifier.withVirtualTime(() -> flaky(10, new IllegalArgumentException("invalid contract"))
                        .transform(RetryOperator.of(policy().build())))
                .expectError(IllegalArgumentException.class)
                .verify();
        assertThat(attemptsAt).containsExactly(0L);
    }

    @Test
    void jitterStaysWithinItsBandAndTheCap() {
        RetryPolicy low = policy().jitter(0.5).random(() -> 0.0).build();
        RetryPolicy high = policy().jitter(0.5).random(() -> 0.999999).build();
        assertThat(low.backoff(1)).isEqualTo(Duration.ofMillis(50));
        assertThat(high.backoff(1)).isBetween(Duration.ofMillis(149), Duration.ofMillis(150));
        assertThat(high.backoff(4)).isEqualTo(Duration.ofSeconds(1));
        assertThat(low.backoff(10)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void retriesAFluxFromTheStart() {
        StepVerifier.withVirtualTime(() -> Flux.defer(() -> {
                    attemptsAt.add(0L);
                    return attemptsAt.size() < 2 ? Flux.just(1).concatWith(Flux.error(new IOException("x")))
                            : Flux.just(1, 2);
                }).transform(RetryOperator.of(policy().build())))
                .expectNext(1)
                .thenAwait(Duration.ofMillis(100))
                .expectNext(1, 2)
                .verifyComplete();
    }
}
