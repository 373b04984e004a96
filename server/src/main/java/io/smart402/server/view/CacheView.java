package io.smart402.server.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The {@code cache} section of {@code /stats}; only {@code enabled} when caching is off. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CacheView(boolean enabled, String policy, L1 l1, L2 l2, Long requests, Long hits, Double hitRatio,
                        Long loads, Long loadFailures, Double loadLatencyMeanMs, Double hitLatencyMeanMs,
                        Double missLatencyMeanMs, Long loadsInFlight, Warming warming, PhaseResults phaseResults) {

    public static CacheView disabled() {
        return new CacheView(false, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null);
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record L1(long size, long maxEntries, long hits, long misses, double hitRatio, long evictions,
                     long ttlSeconds) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record L2(boolean enabled, String state, long hits, long misses, double hitRatio, long unavailableCalls) {
    }

    public record Warming(String state, long loaded) {
    }

    /** The phase-result cache; only {@code enabled} when it is off. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PhaseResults(boolean enabled, Long size, Long hits, Long misses, Double hitRatio) {
    }
}
