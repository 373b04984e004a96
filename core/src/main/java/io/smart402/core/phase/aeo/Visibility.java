package io.smart402.core.phase.aeo;

import java.util.List;

/** The visibility score of generated content (spec §2.1, src/aeo/content_generator.py). */
final class Visibility {

    private static final List<String> KEYWORDS = List.of(
            "contract", "agreement", "payment", "smart", "blockchain", "party", "execute", "settlement");
    private static final int IDEAL_LENGTH = 400;
    /** The original's uniqueness term: 1.0 because this phase keeps no state across contracts. */
    private static final double UNIQUENESS = 1.0;

    private Visibility() {
    }

    static double of(String content) {
        double lengthScore = Math.max(0, 1 - Math.abs(PyText.length(content) - IDEAL_LENGTH) / (double) IDEAL_LENGTH);
        String lower = PyText.lower(content);
        int keywordHits = 0;
        for (String keyword : KEYWORDS) {
            keywordHits += countNonOverlapping(lower, keyword);
        }
        double keywordScore = Math.min(1.0, keywordHits / 10.0);
        double structureScore = content.indexOf('#') >= 0 ? 1.0 : 0.5;
        return 0.2 * lengthScore + 0.3 * keywordScore + 0.2 * structureScore + 0.3 * UNIQUENESS;
    }

    /** Python {@code str.count}: occurrences scanned left to right, not overlapping. */
    static int countNonOverlapping(String text, String word) {
        int count = 0;
        for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length())) {
            count++;
        }
        return count;
    }
}
