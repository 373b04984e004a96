package io.smart402.core.resilience.circuitbreaker;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A named Resilience4j breaker for one dependency, plus what Resilience4j does not tell: how long an open
 * breaker will keep refusing (for {@code Retry-After}) and how many times it changed state. Made by
 * {@link Breakers}; use it with {@link CircuitBreakerOperator}.
 */
public final class Breaker {

    private final CircuitBreaker circuitBreaker;
    private final Duration waitInOpen;
    private final Clock clock;
    private final AtomicReference<Instant> openedAt = new AtomicReference<>(Instant.EPOCH);
    private final AtomicLong transitions = new AtomicLong();

    Breaker(CircuitBreaker circuitBreaker, Duration waitInOpen, Clock clock) {
        this.circuitBreaker = circuitBreaker;
        this.waitInOpen = waitInOpen;
        this.clock = clock;
        circuitBreaker.getEventPublisher().onStateTransition(e -> {
            transitions.incrementAndGet();
            if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openedAt.set(clock.instant());
            }
        });
    }

    public String name() {
        return circuitBreaker.getName();
    }

    public CircuitBreaker.State state() {
        return circuitBreaker.getState();
    }

    /**
     * The state as the next call will find it: an open breaker whose wait is over is half-open, though
     * Resilience4j moves it there only when that call asks (no timer thread, so virtual time works).
     */
    public CircuitBreaker.State effectiveState() {
        CircuitBreaker.State s = state();
        return s == CircuitBreaker.State.OPEN && retryAfter().isZero() ? CircuitBreaker.State.HALF_OPEN : s;
    }

    /** The Resilience4j breaker, for anything this wrapper does not expose. */
    public CircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }

    /** How long until an open breaker lets a trial call through; zero unless open. */
    public Duration retryAfter() {
        if (state() != CircuitBreaker.State.OPEN && state() != CircuitBreaker.State.FORCED_OPEN) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), openedAt.get().plus(waitInOpen));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Whether a call would be let through now (without taking a permission). */
    public boolean allowsCalls() {
        CircuitBreaker.State s = state();
        return s == CircuitBreaker.State.CLOSED || s == CircuitBreaker.State.HALF_OPEN
                || s == CircuitBreaker.State.DISABLED || s == CircuitBreaker.State.METRICS_ONLY
                || (s == CircuitBreaker.State.OPEN && retryAfter().isZero());
    }

    /** State changes since creation. */
    public long transitions() {
        return transitions.get();
    }
}
