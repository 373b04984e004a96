package io.smart402.core.phase.llmo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.phase.aeo.PyText;
import java.util.HashSet;
import java.util.List;

/** The understanding score U: weighted mean comprehension of the clauses (spec §2.2, src/llmo/understanding.py). */
final class Understanding {

    /** The per-clause figures behind U. */
    record ClauseScore(LlmoText.Clause clause, int tokens, double diversity, double averageTokenLength,
                       double perplexity, double comprehension) {
    }

    private final List<ClauseScore> clauses;
    private final double score;

    private Understanding(List<ClauseScore> clauses, double score) {
        this.clauses = clauses;
        this.score = score;
    }

    static Understanding of(List<LlmoText.Clause> clauses) {
        List<ClauseScore> scored = clauses.stream().map(Understanding::score).toList();
        double weighted = 0;
        double weights = 0;
        for (ClauseScore s : scored) {
            weighted += s.clause().weight() * s.comprehension();
            weights += s.clause().weight();
        }
        return new Understanding(scored, weights == 0 ? 0 : weighted / weights);
    }

    double score() {
        return score;
    }

    void write(ObjectNode out) {
        out.put("clauseCount", clauses.size());
        ArrayNode list = out.putArray("clauses");
        for (ClauseScore s : clauses) {
            ObjectNode item = list.addObject();
            item.put("source", s.clause().source());
            item.put("weight", s.clause().weight());
            item.put("tokens", s.tokens());
            item.put("diversity", s.diversity());
            item.put("averageTokenLength", s.averageTokenLength());
            item.put("perplexity", s.perplexity());
            item.put("comprehension", s.comprehension());
        }
    }

    private static ClauseScore score(LlmoText.Clause clause) {
        List<String> tokens = PyText.split(clause.text());
        int n = tokens.size();
        double diversity = (double) new HashSet<>(tokens).size() / n;
        long totalLength = 0;
        for (String token : tokens) {
            totalLength += PyText.length(token);
        }
        double averageLength = (double) totalLength / n;
        double perplexity = Math.max(1, 50 * (1 / (diversity + 0.1)) * (averageLength / 5));
        double comprehension = 1 / (1 + perplexity / 100);
        return new ClauseScore(clause, n, diversity, averageLength, perplexity, comprehension);
    }
}
