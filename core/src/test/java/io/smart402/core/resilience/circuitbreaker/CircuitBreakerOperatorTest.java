package io.smart402.core.resilience.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smart402.core.resilience.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class CircuitBreakerOperatorTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Breaker breaker;
    private final AtomicInteger subscriptions = new AtomicInteger();

    @BeforeEach
    void setUp() {
        breaker = new Breakers(clock, registry).breaker("db",
                new BreakerSettings(50, 4, 4, Duration.ofSeconds(30), 2),
                e -> !(e instanceof IllegalArgumentException));
    }

    private Mono<String> call(Mono<String> outcome) {
        return Mono.defer(() -> {
            subscriptions.incrementAndGet();
            return outcome;
        }).transformDeferred(CircuitBreakerOperator.of(breaker));
    }

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            StepVerifier.create(call(Mono.error(new IOException("connection refused")))).expectError(IOException.class).verify();
        }
    }

    private void succeed(int times) {
        for (int i = 0; i < times; i++) {
            StepVerifier.create(call(Mono.just("ok"))).expectNext("ok").verifyComplete();
        }
    }

    private double transitions(String from, String to) {
        return registry.get("smart402.circuit.breaker.transitions").tag("name", "db").tag("from", from).tag("to", to)
                .counter().count();
    }

    @Test
    void opensRefusesHalfOpensAndCloses() {
        succeed(2);
        fail(2);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(30));

        clock.advance(Duration.ofSeconds(12));
        int before = subscriptions.get();
        StepVerifier.create(call(Mono.just("never")))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(CircuitOpenException.class).hasMessage("Circuit breaker is OPEN");
                    assertThat(((CircuitOpenException) e).retryAfter()).isEqualTo(Duration.ofSeconds(18));
                    assertThat(((CircuitOpenException) e).retryAfterSeconds()).isEqualTo(18);
                    assertThat(((CircuitOpenException) e).breaker()).isEqualTo("db");
                })
                .verify();
        assertThat(subscriptions.get()).as("an open breaker does not subscribe").isEqualTo(before);

        // Resilience4j half-opens once the wait is strictly over.
        clock.advance(Duration.ofSeconds(18).plusMillis(1));
        succeed(1);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        succeed(1);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(transitions("closed", "open")).isEqualTo(1);
        assertThat(transitions("open", "half_open")).isEqualTo(1);
        assertThat(transitions("half_open", "closed")).isEqualTo(1);
        assertThat(breaker.transitions()).isEqualTo(3);
        assertThat(registry.get("smart402.circuit.breaker.state").tag("name", "db").tag("state", "closed").gauge().value())
                .isEqualTo(1);
        assertThat(registry.get("smart402.circuit.breaker.rejected.calls").tag("name", "db").counter().count()).isEqualTo(1);
    }

    @Test
    void aFailedTrialReopensForAnotherFullWait() {
        fail(4);
        clock.advance(Duration.ofSeconds(30).plusMillis(1));
        fail(2);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        // Unlike the original (spec §7), re-opening restarts the wait.
        assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(transitions("half_open", "open")).isEqualTo(1);
    }

    @Test
    void errorsThatAreNotTheDependencysFaultDoNotCount() {
        for (int i = 0; i < 10; i++) {
            StepVerifier.create(call(Mono.error(new IllegalArgumentException("invalid contract"))))
                    .expectError(IllegalArgumentException.class).verify();
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void theSameNameGivesTheSameBreaker() {
        Breakers breakers = new Breakers(clock, registry);
        Breaker a = breakers.breaker("redis", BreakerSettings.DEFAULTS, e -> true);
        assertThat(breakers.breaker("redis", BreakerSettings.DEFAULTS, e -> true)).isSameAs(a);
        assertThat(breakers.all()).containsExactly(a);
    }

    @Test
    void aFallbackAnswersFailuresAndRefusalsWhileTheBreakerStillCountsThem() {
        CircuitBreakerOperator<String> guarded = CircuitBreakerOperator.<String>of(breaker)
                .withFallback(e -> Mono.just("fallback: " + e.getClass().getSimpleName()));
        for (int i = 0; i < 4; i++) {
            StepVerifier.create(Mono.<String>error(new IOException("connection refused")).transformDeferred(guarded))
                    .expectNext("fallback: IOException").verifyComplete();
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        StepVerifier.create(Mono.just("never").transformDeferred(guarded))
                .expectNext("fallback: CircuitOpenException").verifyComplete();
        StepVerifier.create(Mono.just("ok").transformDeferred(CircuitBreakerOperator.of(breaker)))
                .expectError(CircuitOpenException.class).verify();
    }

    @Test
    void everyBreakerIsPublishedThroughOneRegistry() {
        Breakers breakers = new Breakers(clock, registry);
        breakers.breaker("redis", BreakerSettings.DEFAULTS, e -> true);
        breakers.breaker("shard_0-primary", BreakerSettings.DEFAULTS.withLockFreeWindow(), e -> true);
        assertThat(breakers.circuitBreakerRegistry().getAllCircuitBreakers())
                .extracting(CircuitBreaker::getName).containsExactlyInAnyOrder("redis", "shard_0-primary");
        assertThat(registry.get("smart402.circuit.breaker.state").tag("name", "shard_0-primary").tag("state", "closed")
                .gauge().value()).isEqualTo(1);
        assertThat(registry.get("smart402.circuit.breaker.failure.rate").tag("name", "redis").gauge()).isNotNull();
    }

    @Test
    void aLockFreeWindowOpensLikeTheDefaultOne() {
        Breaker lockFree = new Breakers(clock, registry).breaker("node",
                new BreakerSettings(50, 4, 4, Duration.ofSeconds(30), 2).withLockFreeWindow(), e -> true);
        assertThat(lockFree.circuitBreaker().getCircuitBreakerConfig().getSlidingWindowSynchronizationStrategy())
                .isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreakerConfig
                        .SlidingWindowSynchronizationStrategy.LOCK_FREE);
        for (int i = 0; i < 4; i++) {
            StepVerifier.create(Mono.error(new IOException("x")).transformDeferred(CircuitBreakerOperator.of(lockFree)))
                    .expectError(IOException.class).verify();
        }
        assertThat(lockFree.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(lockFree.allowsCalls()).isFalse();
        clock.advance(Duration.ofSeconds(30).plusMillis(1));
        assertThat(lockFree.allowsCalls()).as("an open breaker whose wait is over is offered calls again").isTrue();
    }
}
