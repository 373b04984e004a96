package io.smart402.core.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/** Makes the {@link L1Cache} of a {@link CachePolicy}. */
public final class L1Caches {

    private L1Caches() {
    }

    /**
     * @param maxEntries the most entries kept (at least 1)
     * @param ttl        how long an entry lives after it is written; zero for no expiry
     * @param ticker     the time source of expiry (a fake one in tests)
     */
    public static <V> L1Cache<V> create(CachePolicy policy, long maxEntries, Duration ttl, Ticker ticker) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(ticker, "ticker");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("cache.max-entries must be at least 1, was " + maxEntries);
        }
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("cache.ttl must not be negative, was " + ttl);
        }
        return switch (policy) {
            case ADAPTIVE -> new CaffeineL1<>(maxEntries, ttl, ticker);
            case LRU -> new LinkedL1<>(CachePolicy.LRU, maxEntries, ttl.toNanos(), ticker);
            case FIFO -> new LinkedL1<>(CachePolicy.FIFO, maxEntries, ttl.toNanos(), ticker);
            case LFU -> new LfuL1<>(maxEntries, ttl.toNanos(), ticker);
        };
    }

    /** W-TinyLFU; maintenance runs on the calling thread so no pool is needed and tests are deterministic. */
    private static final class CaffeineL1<V> implements L1Cache<V> {
        private final Cache<String, V> cache;
        private final LongAdder evictions = new LongAdder();

        CaffeineL1(long maxEntries, Duration ttl, Ticker ticker) {
            Caffeine<Object, Object> b = Caffeine.newBuilder().maximumSize(maxEntries).ticker(ticker)
                    .executor(Runnable::run)
                    .evictionListener((k, v, cause) -> {
                        if (cause == RemovalCause.SIZE) {
                            evictions.increment();
                        }
                    });
            if (!ttl.isZero()) {
                b.expireAfterWrite(ttl);
            }
            this.cache = b.build();
        }

        @Override
        public V get(String key) {
            return cache.getIfPresent(key);
        }

        @Override
        public void put(String key, V value) {
            cache.put(key, value);
        }

        @Override
        public boolean putIfAbsent(String key, V value) {
            return cache.asMap().putIfAbsent(key, value) == null;
        }

        @Override
        public void invalidate(String key) {
            cache.invalidate(key);
        }

        @Override
        public long invalidateIf(Predicate<String> keyMatches) {
            long[] n = {0};
            cache.asMap().keySet().removeIf(k -> {
                boolean m = keyMatches.test(k);
                if (m) {
                    n[0]++;
                }
                return m;
            });
            return n[0];
        }

        @Override
        public void invalidateAll() {
            cache.invalidateAll();
        }

        @Override
        public long size() {
            return cache.estimatedSize();
        }

        @Override
        public long evictions() {
            return evictions.sum();
        }

        @Override
        public CachePolicy policy() {
            return CachePolicy.ADAPTIVE;
        }
    }
}
