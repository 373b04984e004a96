package io.smart402.core.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smart402.core.contract.Contract;
import io.smart402.core.metrics.CoreMeters;

/**
 * The phase-result cache (spec §1.7): processed documents keyed by {@code processed:<digest>}, where the
 * digest is the SHA-256 of the canonical normalized contract <em>with</em> its id — so the same content (same id
 * included) skips the four phases. The phases are deterministic functions of that content, so the cached
 * document is the one they would produce again, apart from the {@code *_timestamp} and state-trace times,
 * which keep the time the phases actually ran. The store version is not part of the document (it is assigned
 * per write), so reuse never repeats a version. L1 only (Caffeine, bounded): content-addressed entries never
 * go stale, so they need no invalidation. Only successful results are cached.
 *
 * <p>Entries are the document's serialized bytes, the form its users write and answer, one array each. It held the
 * parsed trees before: some thousand small objects per entry, which the cache kept alive past young collections,
 * so the collector copied every new document's tree while nothing ever read it again (under ingest of new
 * contracts, 0.05–0.08 of the server's 0.85–1.0 ms of CPU per contract were GC, 0.015 with no cache).
 */
public final class PhaseResultCache {

    private final Cache<String, byte[]> documents;
    private final Counter hits;
    private final Counter misses;

    public PhaseResultCache(long maxEntries, MeterRegistry registry) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("cache.phase-results.max-entries must be at least 1, was " + maxEntries);
        }
        this.documents = Caffeine.newBuilder().maximumSize(maxEntries).executor(Runnable::run).build();
        this.hits = CoreMeters.CACHE_HITS.counter()
                .tag("cache", "phases").tag("level", "l1").register(registry);
        this.misses = CoreMeters.CACHE_MISSES.counter()
                .tag("cache", "phases").tag("level", "l1").register(registry);
    }

    /**
     * The processed document of {@code contract}'s content as its UTF-8 JSON bytes, counted as a hit; or null,
     * counted as a miss. The array is shared: read it, never modify it.
     */
    public byte[] find(Contract contract) {
        byte[] document = documents.getIfPresent(key(contract));
        (document != null ? hits : misses).increment();
        return document;
    }

    /** Keeps {@code document}, the processed document of {@code contract} as UTF-8 JSON; the caller must not modify it. */
    public void put(Contract contract, byte[] document) {
        documents.put(key(contract), document);
    }

    static String key(Contract contract) {
        return "processed:" + contract.digest();
    }

    public long size() {
        return documents.estimatedSize();
    }

    public long hits() {
        return (long) hits.count();
    }

    public long misses() {
        return (long) misses.count();
    }
}
