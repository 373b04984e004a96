package io.smart402.core.phase.x402;

import java.util.Map;

/**
 * {@code x402_score} (spec §2.4): 0.5·votes/n + 0.25·(required headers present / 6) + 0.25/(1 + routeCost /
 * max(amount, 1)).
 */
final class X402Score {

    private X402Score() {
    }

    static double of(Consensus consensus, Map<String, String> headers, double routeCost, double amount) {
        long present = X402Headers.REQUIRED.stream()
                .filter(name -> headers.get(name) != null && !headers.get(name).isEmpty()).count();
        double completeness = (double) present / X402Headers.REQUIRED.size();
        return 0.5 * consensus.votes() / consensus.nodes()
                + 0.25 * completeness
                + 0.25 / (1 + routeCost / Math.max(amount, 1));
    }
}
