package io.smart402.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smart402.core.ratelimit.LocalRateLimiter;
import io.smart402.core.ratelimit.RateLimitOperator;
import io.smart402.core.ratelimit.RateLimitPolicy;
import io.smart402.core.resilience.circuitbreaker.Breaker;
import io.smart402.core.resilience.circuitbreaker.BreakerSettings;
import io.smart402.core.resilience.circuitbreaker.Breakers;
import io.smart402.core.resilience.circuitbreaker.CircuitBreakerOperator;
import io.smart402.core.resilience.priority.Priority;
import io.smart402.core.resilience.priority.PriorityGate;
import io.smart402.core.resilience.priority.PriorityOperator;
import io.smart402.core.resilience.retry.RetryOperator;
import io.smart402.core.resilience.retry.RetryPolicy;
import io.smart402.core.error.FailureClassifier;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The README's "Embedding the operators" example, run as written (core jar only), in virtual time. */
class EmbeddingExampleTest {

    record Order(String customer, Priority priority, int n) {
    }

    private final AtomicInteger calls = new AtomicInteger();

    private final java.util.Map<Integer, AtomicInteger> attempts = new java.util.concurrent.ConcurrentHashMap<>();

    /** A flaky downstream: the first attempt for every third order loses its connection. */
    private Mono<String> reserveStock(Order order) {
        return Mono.defer(() -> {
            calls.incrementAndGet();
            int attempt = attempts.computeIfAbsent(order.n(), k -> new AtomicInteger()).incrementAndGet();
            return order.n() % 3 == 0 && attempt == 1
                    ? Mono.error(new IOException("connection reset"))
                    : Mono.delay(Duration.ofMillis(20)).thenReturn("reserved " + order.n());
        });
    }

    @Test
    void theReadmeExampleRuns() {
        StepVerifier.withVirtualTime(() -> {
                    // README: Embedding the operators
                    SimpleMeterRegistry registry = new SimpleMeterRegistry();
                    LocalRateLimiter limiter = LocalRateLimiter.builder()
                            .policy(new RateLimitPolicy.TokenBucket(100, Duration.ofSeconds(60), 20))
                            .meterRegistry(registry).build();
                    Breaker breaker = new Breakers(registry)
                            .breaker("inventory", BreakerSettings.DEFAULTS, FailureClassifier.basic()::isRetryable);
                    RetryPolicy retry = RetryPolicy.builder().name("inventory").maxAttempts(3)
                            .backoff(Duration.ofMillis(50), Duration.ofSeconds(1)).meterRegistry(registry).build();
                    PriorityGate gate = PriorityGate.builder().permits(4).meterRegistry(registry).build();

                    Flux<Order> orders = Flux.range(1, 30).map(i -> new Order("acme", i % 5 == 0
                            ? Priority.HIGH : Priority.NORMAL, i));
                    return orders
                            .transform(RateLimitOperator.of(limiter, Order::customer, Duration.ofSeconds(10)))
                            .flatMap(order -> reserveStock(order)
                                    .transformDeferred(CircuitBreakerOperator.of(breaker))
                                    .transform(RetryOperator.of(retry))
                                    .transform(PriorityOperator.of(gate, order.priority())), 16);
                })
                .thenAwait(Duration.ofMinutes(1))
                .expectNextCount(30)
                .verifyComplete();
        assertThat(calls.get()).isEqualTo(40);
    }
}
