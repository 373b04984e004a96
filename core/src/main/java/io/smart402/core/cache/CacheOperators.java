package io.smart402.core.cache;

import java.util.Objects;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Read-through as operators over a stream of requests: {@code ids.transform(CacheOperators.readThrough(cache,
 * id -> id, store::findById))}. Stateless, so {@code transform} suffices (no per-subscription state).
 */
public final class CacheOperators {

    private CacheOperators() {
    }

    /**
     * Maps each request to its cached value ({@link TwoLevelCache#get}), loading misses with {@code loader};
     * requests whose value does not exist are skipped. At most {@code concurrency} lookups run at once, and
     * results come in request order.
     */
    public static <T, V> Function<Flux<T>, Flux<V>> readThrough(TwoLevelCache<V> cache, Function<T, String> keyOf,
                                                              Function<T, ? extends Publisher<V>> loader,
                                                              int concurrency) {
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(keyOf, "keyOf");
        Objects.requireNonNull(loader, "loader");
        return requests -> requests.flatMapSequential(
                t -> cache.get(keyOf.apply(t), k -> Mono.from(loader.apply(t))), concurrency);
    }

    /** The same for one request: {@code Mono.just(id).transform(CacheOperators.readThrough(cache, ...))}. */
    public static <T, V> Function<Mono<T>, Mono<V>> readThrough(TwoLevelCache<V> cache, Function<T, String> keyOf,
                                                              Function<T, ? extends Publisher<V>> loader) {
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(keyOf, "keyOf");
        Objects.requireNonNull(loader, "loader");
        return request -> request.flatMap(t -> cache.get(keyOf.apply(t), k -> Mono.from(loader.apply(t))));
    }
}
