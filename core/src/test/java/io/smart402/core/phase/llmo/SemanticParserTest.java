package io.smart402.core.phase.llmo;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SemanticParserTest {

    @Test
    void emptyAndSingleWordTextsHaveNoDependencies() {
        SemanticParser.Result empty = SemanticParser.parse("  ");
        assertThat(empty.wordCount()).isZero();
        assertThat(empty.dependencyCount()).isZero();
        assertThat(empty.dependencyScoreSum()).isZero();

        SemanticParser.Result one = SemanticParser.parse("Payment");
        assertThat(one.wordCount()).isEqualTo(1);
        assertThat(one.dependencyCount()).isZero();
        assertThat(one.components()).containsExactly(0, 0, 0, 1);
    }

    @Test
    void componentsCountPositionsInTheFirstMatchingGroupOnly() {
        SemanticParser.Result result = SemanticParser.parse(
                "The party shall pay the fee if the parties must pay upon delivery. payment.");
        // parties: party, parties; obligations: shall, must; conditions: if, upon; payments: pay, fee, pay
        assertThat(result.components()).containsExactly(2, 2, 2, 3);
    }

    @Test
    void onlyTheFirst512WordsAreParsed() {
        String text = String.join(" ", java.util.Collections.nCopies(600, "word"));
        SemanticParser.Result result = SemanticParser.parse(text);

        assertThat(result.wordCount()).isEqualTo(512);
        assertThat(result.uniqueWords()).isEqualTo(1);
        assertThat(result.dependencyCount()).isEqualTo(511);
        assertThat(result.dependencyScoreSum())
                .isEqualTo(naiveScoreSum(Arrays.asList(text.split(" ")).subList(0, 512)));
    }

    @Test
    void columnSearchEqualsTheDirectQuadraticFormulaBitForBit() {
        Random random = new Random(402);
        String[] vocabulary = {"the", "party", "shall", "pay", "fee", "if", "delivery", "uptime", "service", "a",
                "contract", "milestone", "due", "date", "percent", "99", "upon", "must", "buyer", "seller"};
        for (int round = 0; round < 40; round++) {
            int n = 1 + random.nextInt(round < 30 ? 80 : 512);
            List<String> words = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                // A few rare words keep the vocabulary uneven, like real contract text.
                words.add(random.nextInt(10) == 0
                        ? "w" + random.nextInt(1000)
                        : vocabulary[random.nextInt(vocabulary.length)]);
            }
            SemanticParser.Result result = SemanticParser.parse(String.join(" ", words));
            assertThat(result.dependencyScoreSum()).as("round %d, n = %d", round, n).isEqualTo(naiveScoreSum(words));
        }
    }

    @Test
    void parsesTheLongestAllowedTextQuickly() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 512; i++) {
            text.append("w").append(i).append(' ');
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long start = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < 20; i++) {
            assertThat(SemanticParser.parse(text.toString()).uniqueWords()).isEqualTo(512);
        }
        // 20 worst-case parses (512 distinct words) take a few milliseconds. The bound only catches runaway work
        // (even the spec's formula evaluated pair by pair, ~5 M logarithms here, stays under it): speed itself is
        // the bench's to measure. CPU time of this thread, not wall time, so a busy machine cannot fail it.
        assertThat((mx.getCurrentThreadCpuTime() - start) / 1e9).isLessThan(5);
    }

    /** The formula exactly as spec §2.2 states it, without any precomputation. */
    private static double naiveScoreSum(List<String> words) {
        List<String> w = words.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Integer> bigrams = new HashMap<>();
        for (int i = 0; i < w.size(); i++) {
            counts.merge(w.get(i), 1, Integer::sum);
            if (i + 1 < w.size()) {
                bigrams.merge(w.get(i) + "\u0000" + w.get(i + 1), 1, Integer::sum);
            }
        }
        double total = w.size() + counts.size();
        double sum = 0;
        for (int i = 1; i < w.size(); i++) {
            double best = 0;
            for (int j = 0; j < w.size(); j++) {
                if (j == i) {
                    continue;
                }
                String a = w.get(j);
                String b = w.get(i);
                double pab = bigrams.getOrDefault(a + "\u0000" + b, 1) / total;
                double pa = counts.get(a) / total;
                double pb = counts.get(b) / total;
                double score = StrictMath.log((pab + 1e-10) / (pa * pb + 1e-10)) - 0.1 * Math.abs(i - j);
                if (j == 0 || score > best) {
                    best = score;
                }
            }
            sum += best;
        }
        return sum;
    }
}
