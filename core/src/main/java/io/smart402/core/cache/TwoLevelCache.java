package io.smart402.core.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;

/**
 * A read-through cache with an in-process L1 ({@link L1Cache}) and an optional shared L2 ({@link RedisL2}).
 *
 * <p>{@link #get} looks up L1, then L2, then calls the loader and fills both; concurrent misses of one key
 * share one load (single flight). An absent key is remembered for {@link CacheSettings#negativeTtl()}.
 *
 * <p>Consistency: {@link #put} and {@link #invalidate} take effect on this instance before their
 * {@code Mono} completes, and other instances drop their L1 entry when the invalidation message published
 * on the {@link Builder#invalidationChannel channel} reaches them. A load that was in flight when a key was
 * written or invalidated neither fills L1 (a per-key-stripe stamp changed) nor overwrites L2 (fills use
 * {@code SET NX}), and later readers do not join it, so a read after an acknowledged write never sees the
 * older value on the same instance.
 */
public final class TwoLevelCache<V> implements AutoCloseable {

    private static final int STRIPES = 1024;

    private final String name;
    private final CacheSettings settings;
    private final L1Cache<V> l1;
    private final Cache<String, Boolean> negatives;
    private final RedisL2 l2;
    private final CacheCodec<V> codec;
    private final CacheMetrics metrics;
    private final CacheInvalidationBus bus;
    private final ConcurrentHashMap<String, Mono<Optional<V>>> inFlight = new ConcurrentHashMap<>();
    /** Bumped for every key of a stripe on each local or remote write/invalidation of any key in it. */
    private final AtomicLongArray stamps = new AtomicLongArray(STRIPES);

    private TwoLevelCache(Builder<V> b) {
        this.name = b.name;
        this.settings = b.settings;
        this.l1 = L1Caches.create(b.settings.policy(), b.settings.maxEntries(), b.settings.ttl(), b.ticker);
        this.negatives = b.settings.negativeTtl().isZero() ? null : Caffeine.newBuilder()
                .maximumSize(Math.max(16, b.settings.maxEntries() / 10)).expireAfterWrite(b.settings.negativeTtl())
                .ticker(b.ticker).executor(Runnable::run).build();
        this.l2 = b.l2;
        this.codec = b.codec;
        this.metrics = new CacheMetrics(b.registry, b.name, l1);
        this.bus = b.l2 != null && b.channel != null
                ? new CacheInvalidationBus(b.l2, b.channel, b.instanceId, this::dropLocal, this::dropLocalMatching)
                : null;
    }

    public static <V> Builder<V> builder(CacheCodec<V> codec) {
        return new Builder<>(codec);
    }

    /**
     * Subscribes to the invalidation channel (when there is one); completes once subscribed, or empty after
     * {@code wait} if Redis is not reachable yet — subscribing then goes on in the background.
     */
    public Mono<Void> start(Duration wait) {
        return bus == null ? Mono.empty() : bus.start(wait);
    }

    /**
     * The value of {@code key}: L1, else L2, else {@code loader} (whose value fills both); empty when the
     * loader completes empty (remembered briefly). Concurrent calls for one key start at most one load.
     */
    public Mono<V> get(String key, Function<String, ? extends Mono<V>> loader) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(loader, "loader");
        return Mono.defer(() -> {
            long start = System.nanoTime();
            V local = l1.get(key);
            if (local != null) {
                metrics.l1Hits.increment();
                metrics.hit(start);
                return Mono.just(local);
            }
            if (negatives != null && negatives.getIfPresent(key) != null) {
                metrics.l1Hits.increment();
                metrics.hit(start);
                return Mono.empty();
            }
            metrics.l1Misses.increment();
            boolean[] leader = {false};
            Mono<Optional<V>> flight = inFlight.computeIfAbsent(key, k -> {
                leader[0] = true;
                return flight(k, loader);
            });
            if (leader[0]) {
                // The flight records its own hit (L2) or miss (loader) latency.
                return flight.flatMap(Mono::justOrEmpty);
            }
            // Joined another caller's load: a miss that waited for it.
            return flight.doOnSuccess(found -> metrics.miss(start)).flatMap(Mono::justOrEmpty);
        });
    }

    private Mono<Optional<V>> flight(String key, Function<String, ? extends Mono<V>> loader) {
        long stamp = stamps.get(stripe(key));
        long start = System.nanoTime();
        @SuppressWarnings("unchecked")
        Mono<Optional<V>>[] self = new Mono[1];
        Mono<Optional<V>> fromL2 = l2 == null ? Mono.empty() : l2.get(key).flatMap(bytes -> {
            V value;
            try {
                value = codec.decode(bytes);
            } catch (RuntimeException e) {
                return Mono.empty();
            }
            metrics.l2Hits.increment();
            fillL1(key, value, stamp);
            metrics.hit(start);
            return Mono.just(Optional.of(value));
        }).switchIfEmpty(Mono.fromRunnable(metrics.l2Misses::increment));
        Mono<Optional<V>> load = Mono.defer(() -> {
            long loadStart = System.nanoTime();
            return Mono.defer(() -> loader.apply(key))
                    .doOnError(e -> metrics.loadFailures.increment())
                    .doOnSuccess(v -> metrics.load.record(System.nanoTime() - loadStart, TimeUnit.NANOSECONDS))
                    .flatMap(value -> fill(key, value, stamp).thenReturn(Optional.of(value)))
                    .switchIfEmpty(Mono.fromSupplier(() -> {
                        if (negatives != null && stamps.get(stripe(key)) == stamp) {
                            negatives.put(key, Boolean.TRUE);
                        }
                        return Optional.empty();
                    }))
                    .doOnSuccess(v -> metrics.miss(start));
        });
        // Leave the in-flight map before the result reaches the waiting callers (doOnSuccess and doOnError run
        // before the signal goes on): a caller that has its answer never sees its load still counted in flight.
        // doFinally covers a cancelled load.
        Mono<Optional<V>> m = fromL2.switchIfEmpty(load)
                .doOnSuccess(v -> inFlight.remove(key, self[0]))
                .doOnError(e -> inFlight.remove(key, self[0]))
                .doFinally(s -> inFlight.remove(key, self[0]))
                .cache();
        self[0] = m;
        return m;
    }

    private Mono<Void> fill(String key, V value, long stamp) {
        if (!fillL1(key, value, stamp)) {
            return Mono.empty();
        }
        return l2 == null ? Mono.empty() : l2.setIfAbsent(key, codec.encode(value), settings.l2Ttl());
    }

    private boolean fillL1(String key, V value, long stamp) {
        if (stamps.get(stripe(key)) != stamp) {
            return false;
        }
        l1.put(key, value);
        if (stamps.get(stripe(key)) != stamp) {
            // A write or invalidation raced with the fill: do not leave a possibly older value behind.
            l1.invalidate(key);
            return false;
        }
        return true;
    }

    /**
     * Stores a value just written to the source of truth: L1 now, L2 (overwriting), then tells the other
     * instances to drop their copy. Completes once all three are done (L2 failures are skipped).
     */
    public Mono<Void> put(String key, V value) {
        Objects.requireNonNull(value, "value");
        return Mono.defer(() -> {
            dropLocal(key);
            l1.put(key, value);
            Mono<Void> remote = l2 == null ? Mono.empty() : l2.set(key, codec.encode(value), settings.l2Ttl());
            return remote.then(publishKey(key));
        });
    }

    /** Drops {@code key} from L1 and L2 and tells the other instances to drop it. */
    public Mono<Void> invalidate(String key) {
        return Mono.defer(() -> {
            dropLocal(key);
            Mono<Void> remote = l2 == null ? Mono.empty() : l2.delete(key);
            return remote.then(publishKey(key));
        });
    }

    /**
     * Drops every key matching the Redis glob {@code pattern} (e.g. {@code aeo:*}): L1 by predicate, L2 with
     * {@code SCAN}/{@code UNLINK}, and on the other instances by message. Emits the counts per level.
     */
    public Mono<Invalidated> invalidatePattern(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        return Mono.defer(() -> {
            long local = dropLocalMatching(pattern);
            Mono<Long> remote = l2 == null ? Mono.just(0L) : l2.deleteMatching(pattern);
            return remote.flatMap(n -> (bus == null ? Mono.<Void>empty() : bus.publishPattern(pattern))
                    .thenReturn(new Invalidated(local, n)));
        });
    }

    /** What a pattern invalidation removed: L1 entries here, L2 keys in Redis. */
    public record Invalidated(long l1, long l2) {
    }

    private Mono<Void> publishKey(String key) {
        return bus == null ? Mono.empty() : bus.publishKey(key);
    }

    /** Drops one key here only (a remote invalidation, or before a local write). */
    void dropLocal(String key) {
        stamps.incrementAndGet(stripe(key));
        inFlight.remove(key);
        l1.invalidate(key);
        if (negatives != null) {
            negatives.invalidate(key);
        }
    }

    long dropLocalMatching(String pattern) {
        Predicate<String> matches = Globs.matcher(pattern);
        for (int i = 0; i < STRIPES; i++) {
            stamps.incrementAndGet(i);
        }
        inFlight.keySet().removeIf(matches);
        if (negatives != null) {
            negatives.asMap().keySet().removeIf(matches);
        }
        return l1.invalidateIf(matches);
    }

    /** A snapshot of the stripe stamps, for a fill that must not win over a later write ({@link CacheWarmer}). */
    long[] stampSnapshot() {
        long[] out = new long[STRIPES];
        for (int i = 0; i < STRIPES; i++) {
            out[i] = stamps.get(i);
        }
        return out;
    }

    /** Puts into L1 unless present or written/invalidated since {@code snapshot}. */
    boolean fillIfUnchanged(String key, V value, long[] snapshot) {
        long stamp = snapshot[stripe(key)];
        if (stamps.get(stripe(key)) != stamp || !l1.putIfAbsent(key, value)) {
            return false;
        }
        if (stamps.get(stripe(key)) != stamp) {
            l1.invalidate(key);
            return false;
        }
        return true;
    }

    private static int stripe(String key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }

    public String name() {
        return name;
    }

    public CacheSettings settings() {
        return settings;
    }

    /** The L2 level, or null when this cache is L1 only. */
    public RedisL2 l2() {
        return l2;
    }

    public CacheStats stats() {
        long hits = (long) metrics.requestHits.count();
        long misses = (long) metrics.requestMisses.count();
        String l2State = l2 == null ? "disabled"
                : l2.breaker() == null ? "closed" : l2.breaker().state().name().toLowerCase(java.util.Locale.ROOT);
        return new CacheStats(name, settings.policy().key(), l1.size(), settings.maxEntries(),
                (long) metrics.l1Hits.count(), (long) metrics.l1Misses.count(), l1.evictions(),
                (long) metrics.l2Hits.count(), (long) metrics.l2Misses.count(), l2State,
                l2 == null ? 0 : l2.unavailableCount(), hits + misses, hits, metrics.load.count(),
                (long) metrics.loadFailures.count(), metrics.load.mean(TimeUnit.MILLISECONDS),
                metrics.hitLatency.mean(TimeUnit.MILLISECONDS), metrics.missLatency.mean(TimeUnit.MILLISECONDS),
                inFlight.size());
    }

    /** Stops listening for invalidations (the L2 client is closed by whoever built it). */
    @Override
    public void close() {
        if (bus != null) {
            bus.close();
        }
    }

    /** Fails fast on nonsense; errors name the setting. */
    public static final class Builder<V> {
        private final CacheCodec<V> codec;
        private String name = "contracts";
        private CacheSettings settings = CacheSettings.DEFAULTS;
        private RedisL2 l2;
        private String channel;
        private String instanceId = UUID.randomUUID().toString();
        private Ticker ticker = Ticker.systemTicker();
        private MeterRegistry registry = new SimpleMeterRegistry();

        private Builder(CacheCodec<V> codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
        }

        /** Names the cache in metrics and stats (default {@code contracts}). */
        public Builder<V> name(String name) {
            this.name = Objects.requireNonNull(name, "cache.name");
            return this;
        }

        public Builder<V> settings(CacheSettings settings) {
            this.settings = Objects.requireNonNull(settings, "cache settings");
            return this;
        }

        /** Optional: the shared level; without it the cache is L1 only. */
        public Builder<V> l2(RedisL2 l2) {
            this.l2 = l2;
            return this;
        }

        /** Optional (needs L2): the pub/sub channel that keeps the L1s of all instances coherent. */
        public Builder<V> invalidationChannel(String channel) {
            if (channel != null && channel.isBlank()) {
                throw new IllegalArgumentException("cache.redis.channel must not be blank");
            }
            this.channel = channel;
            return this;
        }

        /** This instance's id in invalidation messages (its own are ignored); default a random UUID. */
        public Builder<V> instanceId(String instanceId) {
            this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
            return this;
        }

        /** The time source of L1 and negative expiry (a fake one in tests). */
        public Builder<V> ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        public Builder<V> meterRegistry(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "meterRegistry");
            return this;
        }

        public TwoLevelCache<V> build() {
            return new TwoLevelCache<>(this);
        }
    }
}
