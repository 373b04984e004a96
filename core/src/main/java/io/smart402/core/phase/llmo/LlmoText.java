package io.smart402.core.phase.llmo;

import io.smart402.core.contract.Condition;
import io.smart402.core.contract.Contract;
import io.smart402.core.phase.aeo.PyText;
import java.util.ArrayList;
import java.util.List;

/** The LLMO text and clauses of a contract (spec §2.2, src/llmo/engine.py and understanding.py). */
final class LlmoText {

    static final double TERM_WEIGHT = 1.0;
    static final double OBLIGATION_WEIGHT = 1.5;
    static final double CONDITION_WEIGHT = 1.3;

    /** One weighted clause; {@code source} is {@code terms}, {@code obligation} or {@code condition}. */
    record Clause(String source, String text, double weight) {
    }

    private LlmoText() {
    }

    /** Description, terms and condition descriptions joined by spaces; parties are deliberately left out. */
    static String of(Contract contract) {
        List<String> parts = new ArrayList<>();
        if (contract.description() != null) {
            parts.add(contract.description());
        }
        if (contract.terms() != null) {
            parts.add(contract.terms());
        }
        for (Condition condition : contract.conditions()) {
            if (condition.description() != null) {
                parts.add(condition.description());
            }
        }
        return String.join(" ", parts);
    }

    /**
     * Each sentence of {@code terms} (split on {@code .}), each obligation and each condition description;
     * pieces without tokens are skipped, as the original skipped empty trimmed sentences.
     */
    static List<Clause> clauses(Contract contract) {
        List<Clause> clauses = new ArrayList<>();
        if (contract.terms() != null) {
            for (String sentence : contract.terms().split("\\.", -1)) {
                add(clauses, "terms", sentence, TERM_WEIGHT);
            }
        }
        for (String obligation : contract.obligations()) {
            add(clauses, "obligation", obligation, OBLIGATION_WEIGHT);
        }
        for (Condition condition : contract.conditions()) {
            add(clauses, "condition", condition.description(), CONDITION_WEIGHT);
        }
        return clauses;
    }

    private static void add(List<Clause> clauses, String source, String text, double weight) {
        if (PyText.hasToken(text)) {
            clauses.add(new Clause(source, text, weight));
        }
    }
}
