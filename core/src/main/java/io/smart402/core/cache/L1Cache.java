package io.smart402.core.cache;

import java.util.function.Predicate;

/**
 * The in-process level: bounded, thread-safe, entries expire after a fixed time since they were written.
 * Made by {@link L1Caches}.
 */
public interface L1Cache<V> {

    /** The live value of {@code key}, or null. */
    V get(String key);

    void put(String key, V value);

    /** Puts unless a live value is present; returns whether it was put. */
    boolean putIfAbsent(String key, V value);

    void invalidate(String key);

    /** Drops every entry whose key matches; returns how many were dropped. */
    long invalidateIf(Predicate<String> keyMatches);

    void invalidateAll();

    /** Entries held (expired ones may still count until they are cleaned up). */
    long size();

    /** Entries evicted for size since creation (expiry and explicit removal not included). */
    long evictions();

    CachePolicy policy();
}
