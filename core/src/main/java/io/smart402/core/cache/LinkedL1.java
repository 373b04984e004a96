package io.smart402.core.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * LRU (access order) or FIFO (insertion order) over one {@link LinkedHashMap} behind one lock. Hand-written
 * because Caffeine offers only W-TinyLFU: these reference policies are kept for compatibility with the
 * original and for the bench's comparison, where the simplest correct form is the honest baseline. One lock
 * is fine at that scale; {@link CachePolicy#ADAPTIVE} is the production choice. Expiry is checked on read.
 */
final class LinkedL1<V> implements L1Cache<V> {

    private record Timed<V>(V value, long writtenAt) {
    }

    private final CachePolicy policy;
    private final long ttlNanos;
    private final Ticker ticker;
    private final LinkedHashMap<String, Timed<V>> map;
    private long evictions;

    LinkedL1(CachePolicy policy, long maxEntries, long ttlNanos, Ticker ticker) {
        this.policy = policy;
        this.ttlNanos = ttlNanos;
        this.ticker = ticker;
        this.map = new LinkedHashMap<>(16, 0.75f, policy == CachePolicy.LRU) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Timed<V>> eldest) {
                if (size() > maxEntries) {
                    evictions++;
                    return true;
                }
                return false;
            }
        };
    }

    @Override
    public synchronized V get(String key) {
        Timed<V> t = map.get(key);
        if (t == null) {
            return null;
        }
        if (expired(t)) {
            map.remove(key);
            return null;
        }
        return t.value();
    }

    @Override
    public synchronized void put(String key, V value) {
        if (policy == CachePolicy.FIFO) {
            // A rewrite is a new entry: it goes to the back of the queue.
            map.remove(key);
        }
        map.put(key, new Timed<>(value, ticker.read()));
    }

    @Override
    public synchronized boolean putIfAbsent(String key, V value) {
        if (get(key) != null) {
            return false;
        }
        put(key, value);
        return true;
    }

    @Override
    public synchronized void invalidate(String key) {
        map.remove(key);
    }

    @Override
    public synchronized long invalidateIf(Predicate<String> keyMatches) {
        long n = 0;
        for (Iterator<String> it = map.keySet().iterator(); it.hasNext(); ) {
            if (keyMatches.test(it.next())) {
                it.remove();
                n++;
            }
        }
        return n;
    }

    @Override
    public synchronized void invalidateAll() {
        map.clear();
    }

    @Override
    public synchronized long size() {
        return map.size();
    }

    @Override
    public synchronized long evictions() {
        return evictions;
    }

    @Override
    public CachePolicy policy() {
        return policy;
    }

    private boolean expired(Timed<V> t) {
        return ttlNanos > 0 && ticker.read() - t.writtenAt() >= ttlNanos;
    }
}
