package io.smart402.core.phase.aeo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The SR dimension: keyword-weighted normalized term frequency of the AEO tokens (spec §2.1). */
final class SemanticRelevance {

    private static final Set<String> DOMAIN_TERMS = Set.of(
            "payment", "contract", "party", "obligation", "smart", "blockchain", "execute", "settlement");

    private SemanticRelevance() {
    }

    static double of(List<String> tokens) {
        if (tokens.isEmpty()) {
            return 0;
        }
        Map<String, Integer> frequencies = new HashMap<>();
        for (String token : tokens) {
            frequencies.merge(token, 1, Integer::sum);
        }
        int maxFrequency = 0;
        for (int frequency : frequencies.values()) {
            maxFrequency = Math.max(maxFrequency, frequency);
        }
        double sum = 0;
        // Summed in sorted order so the last bits of the double never depend on hash-map iteration order.
        for (String token : frequencies.keySet().stream().sorted().toList()) {
            double weight = (double) frequencies.get(token) / maxFrequency;
            sum += DOMAIN_TERMS.contains(token) ? 2 * weight : weight;
        }
        return Math.min(1.0, sum / tokens.size());
    }
}
