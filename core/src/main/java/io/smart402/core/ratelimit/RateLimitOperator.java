package io.smart402.core.ratelimit;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Charges every element one permit of the key {@code keyFn} names, in order, before passing it on: a
 * refused element fails the sequence with {@link RateLimitedException}. With a {@code maxWait}, an element
 * first waits (without blocking) up to that long for its permit, so a fast stream is paced to the limit
 * rather than cut. Elements are charged one at a time ({@code concatMap}), so a stream never holds more
 * than one waiting permit request. All state lives in the limiter: {@code transform} is enough
 * ({@code transformDeferred} works too). For a stream that must go on past a refusal, use
 * {@link #admissions}.
 *
 * <pre>{@code
 * Flux<Order> paced = orders.transform(RateLimitOperator.of(limiter, Order::customer, Duration.ofSeconds(2)));
 * }</pre>
 *
 * @param <T> the element type
 */
public final class RateLimitOperator<T> implements UnaryOperator<Publisher<T>> {

    private final RateLimiter limiter;
    private final Function<? super T, String> keyFn;
    private final Duration maxWait;

    private RateLimitOperator(RateLimiter limiter, Function<? super T, String> keyFn, Duration maxWait) {
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.keyFn = Objects.requireNonNull(keyFn, "keyFn");
        this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative, was " + maxWait);
        }
    }

    /** Refuses at once when the key is out of permits. */
    public static <T> RateLimitOperator<T> of(RateLimiter limiter, Function<? super T, String> keyFn) {
        return new RateLimitOperator<>(limiter, keyFn, Duration.ZERO);
    }

    /** Waits up to {@code maxWait} per element for its permit before refusing. */
    public static <T> RateLimitOperator<T> of(RateLimiter limiter, Function<? super T, String> keyFn,
                                              Duration maxWait) {
        return new RateLimitOperator<>(limiter, keyFn, maxWait);
    }

    /**
     * Charges like {@link #of(RateLimiter, Function, Duration)} but never fails for a refusal: every
     * element comes out as an {@link Admission} saying whether it got its permit, so the caller can answer
     * a refused item (an HTTP 429 event, say) and carry on with the next. Use with {@code transform}.
     */
    public static <T> Function<Flux<T>, Flux<Admission<T>>> admissions(RateLimiter limiter,
                                                                        Function<? super T, String> keyFn,
                                                                        Duration maxWait) {
        RateLimitOperator<T> op = new RateLimitOperator<>(limiter, keyFn, maxWait);
        return source -> source.concatMap(op::admission, 1);
    }

    @Override
    public Publisher<T> apply(Publisher<T> source) {
        if (source instanceof Mono<T> mono) {
            return mono.flatMap(this::charge);
        }
        return Flux.from(source).concatMap(this::charge, 1);
    }

    private Mono<T> charge(T value) {
        return admission(value).flatMap(a -> a.allowed() ? Mono.just(value)
                : Mono.error(new RateLimitedException(a.key(), a.decision())));
    }

    private Mono<Admission<T>> admission(T value) {
        String key = keyFn.apply(value);
        return limiter.acquire(key, 1, maxWait).map(d -> new Admission<>(value, key, d));
    }
}
