package io.smart402.core.cache;

import java.util.Locale;

/**
 * How the L1 level chooses what to evict when it is full. {@link #ADAPTIVE} (Caffeine's W-TinyLFU) is the
 * default; the others exist for compatibility with the original and for comparison in the bench.
 */
public enum CachePolicy {
    /** Caffeine's window TinyLFU: admission by frequency sketch, recency window; near-optimal on skewed traces. */
    ADAPTIVE,
    /** Least recently used. */
    LRU,
    /** Least frequently used (ties broken by age). */
    LFU,
    /** First in, first out. */
    FIFO;

    /** Parses {@code adaptive|lru|lfu|fifo} (case-insensitive); the message names the setting. */
    public static CachePolicy parse(String text, String setting) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("'" + setting + "' must be adaptive, lru, lfu or fifo, was '" + text + "'");
        }
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
