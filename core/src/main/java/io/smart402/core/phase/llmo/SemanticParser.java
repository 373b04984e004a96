package io.smart402.core.phase.llmo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.phase.aeo.PyText;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The PMI dependency parse of src/llmo/parser.py with per-contract frequencies (spec §2.2).
 *
 * <p>The head search is a max over j for each of up to 512 words. PMI depends only on the (head word,
 * dependent word) pair, so the scores against one dependent word are computed once per distinct word into a
 * column indexed by word id; an unseen pair's PMI depends on the head only through its count, so a column costs
 * one logarithm per distinct count rather than per word. The max over j is then searched outwards from i and
 * stops as soon as the distance penalty alone rules out every farther j (see {@link #bestHead}), which keeps the
 * exact result while reading a few dozen positions instead of all n.
 */
final class SemanticParser {

    static final int MAX_WORDS = 512;
    private static final double EPSILON = 1e-10;
    private static final double DISTANCE_PENALTY = 0.1;

    private static final List<Set<String>> COMPONENT_GROUPS = List.of(
            Set.of("party", "parties", "participant", "entity"),
            Set.of("shall", "must", "required", "obligated"),
            Set.of("if", "when", "upon", "provided"),
            Set.of("payment", "pay", "amount", "fee", "price"));
    private static final List<String> COMPONENT_NAMES = List.of("parties", "obligations", "conditions", "payments");

    /** The parse summary written to {@code llmo.semantic}. */
    record Result(int wordCount, int uniqueWords, int dependencyCount, double dependencyScoreSum,
                  int[] components) {

        void write(ObjectNode out) {
            out.put("wordCount", wordCount);
            out.put("uniqueWords", uniqueWords);
            out.put("dependencyCount", dependencyCount);
            out.put("dependencyScoreSum", dependencyScoreSum);
            ObjectNode groups = out.putObject("components");
            for (int g = 0; g < COMPONENT_NAMES.size(); g++) {
                groups.put(COMPONENT_NAMES.get(g), components[g]);
            }
        }
    }

    private SemanticParser() {
    }

    static Result parse(String text) {
        List<String> words = PyText.splitLower(text, MAX_WORDS);
        int n = words.size();

        Map<String, Integer> idOf = new HashMap<>(2 * n);
        int[] ids = new int[n];
        // The component group of each distinct word (-1: none), looked up once per word rather than per use.
        int[] groupOf = new int[n];
        int[] components = new int[COMPONENT_GROUPS.size()];
        for (int i = 0; i < n; i++) {
            String word = words.get(i);
            Integer id = idOf.get(word);
            if (id == null) {
                id = idOf.size();
                idOf.put(word, id);
                groupOf[id] = groupOf(word);
            }
            ids[i] = id;
            if (groupOf[id] >= 0) {
                components[groupOf[id]]++;
            }
        }
        int vocabulary = idOf.size();
        return new Result(n, vocabulary, Math.max(0, n - 1), scoreSum(ids, vocabulary), components);
    }

    /** The first component group holding {@code word}, or -1. */
    private static int groupOf(String word) {
        for (int g = 0; g < COMPONENT_GROUPS.size(); g++) {
            if (COMPONENT_GROUPS.get(g).contains(word)) {
                return g;
            }
        }
        return -1;
    }

    /** Σ over i ≥ 1 of max over j ≠ i of PMI(w_j, w_i) − 0.1·|i − j|. */
    private static double scoreSum(int[] ids, int vocabulary) {
        int n = ids.length;
        if (n < 2) {
            return 0;
        }
        int[] counts = new int[vocabulary];
        for (int id : ids) {
            counts[id]++;
        }
        double total = n + vocabulary; // Σ word counts + vocabulary size
        double[] p = new double[vocabulary];
        for (int w = 0; w < vocabulary; w++) {
            p[w] = counts[w] / total;
        }
        double unseenPairProbability = 1 / total;

        // Words with the same count have bit-identical p, so an unseen pair's PMI is shared by all of them.
        int[] classOf = new int[vocabulary];
        double[] classP = new double[vocabulary];
        int classes = 0;
        int[] classOfCount = new int[n + 1];
        Arrays.fill(classOfCount, -1);
        for (int w = 0; w < vocabulary; w++) {
            int c = counts[w];
            if (classOfCount[c] < 0) {
                classOfCount[c] = classes;
                classP[classes++] = p[w];
            }
            classOf[w] = classOfCount[c];
        }
        double[] unseen = new double[classes];

        // Adjacent pairs keyed dependent-major (second * V + first), sorted so each dependent's pairs are a run.
        int[] pairs = new int[n - 1];
        for (int k = 0; k < n - 1; k++) {
            pairs[k] = ids[k + 1] * vocabulary + ids[k];
        }
        Arrays.sort(pairs);

        // Positions i ≥ 1 grouped by word id (counting sort), so each PMI column is built once.
        int[] start = new int[vocabulary + 1];
        for (int i = 1; i < n; i++) {
            start[ids[i] + 1]++;
        }
        for (int w = 0; w < vocabulary; w++) {
            start[w + 1] += start[w];
        }
        int[] positions = new int[n - 1];
        int[] fill = Arrays.copyOf(start, vocabulary);
        for (int i = 1; i < n; i++) {
            positions[fill[ids[i]]++] = i;
        }

        double[] best = new double[n];
        double[] column = new double[vocabulary];
        int pairCursor = 0;
        for (int dependent = 0; dependent < vocabulary; dependent++) {
            if (start[dependent] == start[dependent + 1]) {
                continue;
            }
            double pDependent = p[dependent];
            for (int k = 0; k < classes; k++) {
                unseen[k] = pmi(unseenPairProbability, classP[k] * pDependent);
            }
            for (int head = 0; head < vocabulary; head++) {
                column[head] = unseen[classOf[head]];
            }
            while (pairCursor < pairs.length && pairs[pairCursor] / vocabulary < dependent) {
                pairCursor++;
            }
            while (pairCursor < pairs.length && pairs[pairCursor] / vocabulary == dependent) {
                int head = pairs[pairCursor] % vocabulary;
                int run = 0;
                while (pairCursor < pairs.length && pairs[pairCursor] == dependent * vocabulary + head) {
                    run++;
                    pairCursor++;
                }
                column[head] = pmi(run / total, p[head] * pDependent);
            }
            double columnMax = Double.NEGATIVE_INFINITY;
            for (int head = 0; head < vocabulary; head++) {
                columnMax = Math.max(columnMax, column[head]);
            }
            for (int k = start[dependent]; k < start[dependent + 1]; k++) {
                int i = positions[k];
                best[i] = bestHead(column, columnMax, ids, i);
            }
        }
        double sum = 0;
        for (int i = 1; i < n; i++) {
            sum += best[i];
        }
        return sum;
    }

    /**
     * max over j ≠ i of {@code column[ids[j]] − 0.1·|i − j|}, for i ≥ 1. j = 0 is the first candidate; then j is
     * searched at distance d = 1, 2, … on both sides. Any j at distance ≥ d scores at most
     * {@code columnMax − 0.1·d}: floating-point multiplication and subtraction round monotonically, so this bound
     * holds for the computed scores too, not only the real ones. Once the best so far reaches it, no farther j
     * can score strictly more (the only way a later j replaces the best), so stopping there is exact.
     */
    private static double bestHead(double[] column, double columnMax, int[] ids, int i) {
        int n = ids.length;
        double max = column[ids[0]] - DISTANCE_PENALTY * i;
        for (int d = 1; i - d > 0 || i + d < n; d++) {
            double penalty = DISTANCE_PENALTY * d;
            if (max >= columnMax - penalty) {
                break;
            }
            if (i - d > 0) {
                double score = column[ids[i - d]] - penalty;
                if (score > max) {
                    max = score;
                }
            }
            if (i + d < n) {
                double score = column[ids[i + d]] - penalty;
                if (score > max) {
                    max = score;
                }
            }
        }
        return max;
    }

    private static double pmi(double pairProbability, double independentProbability) {
        return StrictMath.log((pairProbability + EPSILON) / (independentProbability + EPSILON));
    }
}
