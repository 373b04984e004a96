package io.smart402.core.cache;

/**
 * A snapshot of one cache's counters (for {@code /stats}).
 *
 * @param l2State           {@code disabled}, or the L2 breaker state ({@code closed}, {@code open}, …)
 * @param loadMeanMillis    mean loader latency
 * @param hitMeanMillis     mean latency of reads a level answered
 * @param missMeanMillis    mean latency of reads that needed the loader
 */
public record CacheStats(String name, String policy, long l1Size, long l1MaxEntries, long l1Hits, long l1Misses,
                         long l1Evictions, long l2Hits, long l2Misses, String l2State, long l2Unavailable,
                         long requests, long hits, long loads, long loadFailures, double loadMeanMillis,
                         double hitMeanMillis, double missMeanMillis, long inFlightLoads) {

    public double l1HitRatio() {
        return ratio(l1Hits, l1Misses);
    }

    public double l2HitRatio() {
        return ratio(l2Hits, l2Misses);
    }

    /** Reads answered by any level over all reads. */
    public double hitRatio() {
        return requests == 0 ? 0 : (double) hits / requests;
    }

    private static double ratio(long hits, long misses) {
        return hits + misses == 0 ? 0 : (double) hits / (hits + misses);
    }
}
