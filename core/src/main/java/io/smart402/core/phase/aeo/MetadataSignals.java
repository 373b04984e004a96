package io.smart402.core.phase.aeo;

import io.smart402.core.contract.Metadata;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The AEO dimensions read from {@code metadata} (spec §2.1): citation frequency, freshness, authority and
 * cross-platform presence. Times come from the contract only ({@code asOf}), never from the wall clock.
 */
final class MetadataSignals {

    private static final double SECONDS_PER_DAY = 86_400.0;
    /** 100 queries a day over a 7-day window: the original's normaliser. */
    private static final double CITATION_NORMALIZER = 700.0;
    private static final double DAMPING = 0.85;

    private static final Map<String, Double> PLATFORM_WEIGHTS = Map.of(
            "chatgpt", 0.35, "claude", 0.35, "perplexity", 0.15, "gemini", 0.10, "other", 0.05);

    private MetadataSignals() {
    }

    /** {@code metadata.asOf ?? updatedAt ?? createdAt}; null when the contract carries no date at all. */
    static Instant asOf(Metadata m) {
        return firstNonNull(m.asOf(), m.updatedAt(), m.createdAt());
    }

    /** CF: Σ exp(−0.1·ageDays) over the citations not after {@code asOf}, / 700, capped at 1. */
    static double citationFrequency(Metadata m) {
        Instant asOf = asOf(m);
        if (asOf == null) {
            return 0; // without a reference time no citation has an age
        }
        double sum = 0;
        for (Instant citation : m.citations()) {
            if (!citation.isAfter(asOf)) {
                sum += StrictMath.exp(-0.1 * days(citation, asOf));
            }
        }
        return Math.min(1.0, sum / CITATION_NORMALIZER);
    }

    /** F: logistic decay around 30 days since the last update; 0.952574 when there are no dates. */
    static double freshness(Metadata m) {
        Instant asOf = asOf(m);
        Instant last = firstNonNull(m.updatedAt(), m.createdAt(), asOf);
        // An update dated after asOf would score fresher than "just updated"; such a contract counts as new.
        double days = asOf == null ? 0 : Math.max(0, days(last, asOf));
        return 1 / (1 + StrictMath.exp(0.1 * (days - 30)));
    }

    /** AS: the PageRank base 1 − d plus d times the trust signals of AEO spec §7.5. */
    static double authority(Metadata m) {
        double signals = (m.creatorVerified() ? 0.3 : 0)
                + Math.min(0.3, Math.max(0, m.deployments()) / 1000.0)
                + 0.2 * Math.max(0, Math.min(5, m.avgRating())) / 5
                + (m.audited() ? 0.2 : 0);
        return (1 - DAMPING) + DAMPING * signals;
    }

    /** CP: platform weights over the case-insensitively de-duplicated platforms, capped at 1. */
    static double crossPlatform(Metadata m) {
        Set<String> platforms = new LinkedHashSet<>();
        for (String platform : m.platforms()) {
            platforms.add(PyText.lower(platform));
        }
        double sum = 0;
        for (String platform : platforms) {
            sum += PLATFORM_WEIGHTS.getOrDefault(platform, 0.0);
        }
        return Math.min(1.0, sum);
    }

    private static double days(Instant from, Instant to) {
        Duration d = Duration.between(from, to);
        return (d.getSeconds() + d.getNano() / 1e9) / SECONDS_PER_DAY;
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
