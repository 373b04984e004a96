package io.smart402.core.cache;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Fills a cache's L1 at start-up from a stream of (key, value) — e.g. the most recently updated contracts of
 * each shard — for at most a bounded time, so readiness is never held longer than that. An entry written or
 * invalidated since warming began is left alone (the warm copy may be older).
 */
public final class CacheWarmer<V> {

    /** Where warming is. */
    public enum State { NOT_STARTED, RUNNING, DONE, TIMED_OUT, FAILED, DISABLED }

    private final TwoLevelCache<V> cache;
    private final AtomicReference<State> state = new AtomicReference<>(State.NOT_STARTED);
    private final AtomicLong loaded = new AtomicLong();

    public CacheWarmer(TwoLevelCache<V> cache) {
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /** A warmer that reports {@link State#DISABLED} (so readiness does not wait for it). */
    public static <V> CacheWarmer<V> disabled(TwoLevelCache<V> cache) {
        CacheWarmer<V> w = new CacheWarmer<>(cache);
        w.state.set(State.DISABLED);
        return w;
    }

    /**
     * Warms from {@code entries} for at most {@code maxWait}; emits how many entries were put in L1. Never
     * errors: a failing source ends warming in {@link State#FAILED}.
     */
    public Mono<Long> warm(Flux<Map.Entry<String, V>> entries, Duration maxWait) {
        Objects.requireNonNull(entries, "entries");
        Objects.requireNonNull(maxWait, "maxWait");
        return Mono.defer(() -> {
            state.set(State.RUNNING);
            long[] snapshot = cache.stampSnapshot();
            AtomicBoolean cut = new AtomicBoolean();
            return entries.takeUntilOther(Mono.delay(maxWait).doOnNext(x -> cut.set(true)))
                    .doOnNext(e -> {
                        if (cache.fillIfUnchanged(e.getKey(), e.getValue(), snapshot)) {
                            loaded.incrementAndGet();
                        }
                    })
                    .then(Mono.fromSupplier(() -> {
                        state.set(cut.get() ? State.TIMED_OUT : State.DONE);
                        return loaded.get();
                    }))
                    .onErrorResume(e -> {
                        state.set(State.FAILED);
                        return Mono.just(loaded.get());
                    });
        });
    }

    public State state() {
        return state.get();
    }

    /** Whether readiness may stop waiting for warming (anything but running). */
    public boolean finished() {
        State s = state.get();
        return s != State.RUNNING && s != State.NOT_STARTED;
    }

    public long loaded() {
        return loaded.get();
    }
}
