package io.smart402.core.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Least frequently used in O(1): one insertion-ordered bucket of keys per use count, evicting the oldest
 * key of the lowest count. Hand-written for the same reason as {@link LinkedL1} (Caffeine has no plain LFU;
 * a reference policy for comparison). Counts never decay, which is why plain LFU suffers when popularity
 * shifts; expiry is checked on read.
 */
final class LfuL1<V> implements L1Cache<V> {

    private static final class Node<V> {
        V value;
        long writtenAt;
        int count = 1;

        Node(V value, long writtenAt) {
            this.value = value;
            this.writtenAt = writtenAt;
        }
    }

    private final long maxEntries;
    private final long ttlNanos;
    private final Ticker ticker;
    private final Map<String, Node<V>> nodes = new HashMap<>();
    private final Map<Integer, LinkedHashSet<String>> buckets = new HashMap<>();
    private int minCount;
    private long evictions;

    LfuL1(long maxEntries, long ttlNanos, Ticker ticker) {
        this.maxEntries = maxEntries;
        this.ttlNanos = ttlNanos;
        this.ticker = ticker;
    }

    @Override
    public synchronized V get(String key) {
        Node<V> n = nodes.get(key);
        if (n == null) {
            return null;
        }
        if (ttlNanos > 0 && ticker.read() - n.writtenAt >= ttlNanos) {
            remove(key, n);
            return null;
        }
        touch(key, n);
        return n.value;
    }

    @Override
    public synchronized void put(String key, V value) {
        Node<V> n = nodes.get(key);
        if (n != null) {
            n.value = value;
            n.writtenAt = ticker.read();
            touch(key, n);
            return;
        }
        if (nodes.size() >= maxEntries) {
            evictOne();
        }
        nodes.put(key, new Node<>(value, ticker.read()));
        buckets.computeIfAbsent(1, c -> new LinkedHashSet<>()).add(key);
        minCount = 1;
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
        Node<V> n = nodes.get(key);
        if (n != null) {
            remove(key, n);
        }
    }

    @Override
    public synchronized long invalidateIf(Predicate<String> keyMatches) {
        long count = 0;
        for (Iterator<Map.Entry<String, Node<V>>> it = nodes.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Node<V>> e = it.next();
            if (keyMatches.test(e.getKey())) {
                it.remove();
                unbucket(e.getKey(), e.getValue().count);
                count++;
            }
        }
        return count;
    }

    @Override
    public synchronized void invalidateAll() {
        nodes.clear();
        buckets.clear();
    }

    @Override
    public synchronized long size() {
        return nodes.size();
    }

    @Override
    public synchronized long evictions() {
        return evictions;
    }

    @Override
    public CachePolicy policy() {
        return CachePolicy.LFU;
    }

    private void touch(String key, Node<V> n) {
        unbucket(key, n.count);
        n.count++;
        buckets.computeIfAbsent(n.count, c -> new LinkedHashSet<>()).add(key);
        if (!buckets.containsKey(minCount)) {
            minCount = n.count;
        }
    }

    private void remove(String key, Node<V> n) {
        nodes.remove(key);
        unbucket(key, n.count);
    }

    private void unbucket(String key, int count) {
        LinkedHashSet<String> bucket = buckets.get(count);
        if (bucket != null) {
            bucket.remove(key);
            if (bucket.isEmpty()) {
                buckets.remove(count);
            }
        }
    }

    private void evictOne() {
        LinkedHashSet<String> bucket = buckets.get(minCount);
        if (bucket == null) {
            // Invalidation emptied the lowest bucket: find the new lowest (rare, bounded by distinct counts).
            minCount = buckets.keySet().stream().mapToInt(Integer::intValue).min().orElse(1);
            bucket = buckets.get(minCount);
            if (bucket == null) {
                return;
            }
        }
        String victim = bucket.iterator().next();
        remove(victim, nodes.get(victim));
        evictions++;
    }
}
