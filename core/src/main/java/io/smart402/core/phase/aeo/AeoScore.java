package io.smart402.core.phase.aeo;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The five AEO dimensions and their weighted sum (spec §2.1, weights from src/aeo/scoring.py). */
record AeoScore(double semanticRelevance, double citationFrequency, double freshness, double authority,
                double crossPlatform) {

    static final double W_SEMANTIC = 0.30;
    static final double W_CITATION = 0.25;
    static final double W_FRESHNESS = 0.15;
    static final double W_AUTHORITY = 0.20;
    static final double W_PLATFORM = 0.10;

    double score() {
        return W_SEMANTIC * semanticRelevance + W_CITATION * citationFrequency + W_FRESHNESS * freshness
                + W_AUTHORITY * authority + W_PLATFORM * crossPlatform;
    }

    void writeDimensions(ObjectNode out) {
        out.put("semanticRelevance", semanticRelevance);
        out.put("citationFrequency", citationFrequency);
        out.put("freshness", freshness);
        out.put("authority", authority);
        out.put("crossPlatform", crossPlatform);
    }

    static void writeWeights(ObjectNode out) {
        out.put("semanticRelevance", W_SEMANTIC);
        out.put("citationFrequency", W_CITATION);
        out.put("freshness", W_FRESHNESS);
        out.put("authority", W_AUTHORITY);
        out.put("crossPlatform", W_PLATFORM);
    }
}
