package io.smart402.core.balance;

import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sends each element of a Flux through a {@link LoadBalancer}: {@code requests.transform(BalanceOperator.of(lb,
 * (request, backend) -> send(backend, request)))} runs up to {@code concurrency} calls at once, each on its own
 * pick, and emits their results as they complete. All state lives in the balancer, so {@code transform} is
 * enough. {@link #function} is the per-element form for your own {@code flatMap} or {@code concatMap}.
 *
 * @param <T> the backend type
 * @param <I> the element type
 * @param <R> the result type
 */
public final class BalanceOperator<T, I, R> implements Function<Flux<I>, Publisher<R>> {

    private final Function<I, Mono<R>> perElement;
    private final int concurrency;

    private BalanceOperator(Function<I, Mono<R>> perElement, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("balancer concurrency must be at least 1, was " + concurrency);
        }
        this.perElement = perElement;
        this.concurrency = concurrency;
    }

    /** Without affinity keys, up to 256 calls at once. */
    public static <T, I, R> BalanceOperator<T, I, R> of(LoadBalancer<T> lb,
            BiFunction<? super I, ? super T, ? extends Mono<? extends R>> call) {
        return new BalanceOperator<>(function(lb, i -> null, call), 256);
    }

    /** With each element's affinity key (for the hash strategy), up to {@code concurrency} calls at once. */
    public static <T, I, R> BalanceOperator<T, I, R> of(LoadBalancer<T> lb, Function<? super I, String> key,
            BiFunction<? super I, ? super T, ? extends Mono<? extends R>> call, int concurrency) {
        return new BalanceOperator<>(function(lb, key, call), concurrency);
    }

    /** One element's call through the balancer, keyed by {@code key} (which may return null). */
    public static <T, I, R> Function<I, Mono<R>> function(LoadBalancer<T> lb, Function<? super I, String> key,
            BiFunction<? super I, ? super T, ? extends Mono<? extends R>> call) {
        Objects.requireNonNull(lb, "lb");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(call, "call");
        return item -> lb.execute(key.apply(item), backend -> call.apply(item, backend));
    }

    @Override
    public Publisher<R> apply(Flux<I> source) {
        return source.flatMap(perElement, concurrency);
    }
}
