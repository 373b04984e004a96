package io.smart402.core.resilience.circuitbreaker;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Guards a {@link Mono} or {@link Flux} with a {@link Breaker}: a permission is taken when the source is
 * subscribed, the outcome (success, error, cancel) is recorded, and an open breaker fails the call at once
 * with {@link CircuitOpenException} instead of subscribing. Use {@code transformDeferred} so every
 * subscription (for example each retry attempt) asks the breaker again:
 * {@code mono.transformDeferred(CircuitBreakerOperator.of(breaker))}. {@link #withFallback} answers failed
 * or refused calls another way (the original design: "always provide fallback functions").
 *
 * @param <T> the element type
 */
public final class CircuitBreakerOperator<T> implements UnaryOperator<Publisher<T>> {

    private final Breaker breaker;
    private final io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator<T> delegate;
    private final Function<Throwable, ? extends Publisher<T>> fallback;

    private CircuitBreakerOperator(Breaker breaker, Function<Throwable, ? extends Publisher<T>> fallback) {
        this.breaker = Objects.requireNonNull(breaker, "breaker");
        this.delegate = io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator
                .of(breaker.circuitBreaker());
        this.fallback = fallback;
    }

    public static <T> CircuitBreakerOperator<T> of(Breaker breaker) {
        return new CircuitBreakerOperator<>(breaker, null);
    }

    /**
     * The same guard, answering every error — a refusal ({@link CircuitOpenException}) or a failure of the
     * call — with {@code fallback} instead. The outcome is recorded before the fallback runs, so a fallback
     * never hides a failure from the breaker.
     */
    public CircuitBreakerOperator<T> withFallback(Function<Throwable, ? extends Publisher<T>> fallback) {
        return new CircuitBreakerOperator<>(breaker, Objects.requireNonNull(fallback, "fallback"));
    }

    @Override
    public Publisher<T> apply(Publisher<T> source) {
        if (source instanceof Mono<T> mono) {
            Mono<T> guarded = Mono.from(delegate.apply(mono)).onErrorMap(CallNotPermittedException.class, this::open);
            return fallback == null ? guarded : guarded.onErrorResume(e -> Mono.from(fallback.apply(e)));
        }
        Flux<T> guarded = Flux.from(delegate.apply(source)).onErrorMap(CallNotPermittedException.class, this::open);
        return fallback == null ? guarded : guarded.onErrorResume(fallback);
    }

    private Throwable open(CallNotPermittedException e) {
        return new CircuitOpenException(breaker.name(), breaker.retryAfter(), e);
    }
}
