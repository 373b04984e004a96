package io.smart402.core.phase.scc;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Function;

/**
 * Model-checks the three default properties of the original verifier (spec §2.3, REPO src/scc/verifier.py)
 * over a Kripke structure, as CTL formulas.
 */
final class ContractVerifier {

    /** One property: its name, the CTL formula as text, and its evaluation. */
    record Property(String name, String formula, Function<KripkeStructure, BitSet> check) {
    }

    /** A property that does not hold in the initial state. */
    record Violation(String property, String formula, String severity) {
    }

    record Verification(boolean isValid, int propertiesChecked, int propertiesSatisfied, List<Violation> violations) {
        Verification {
            violations = List.copyOf(violations);
        }
    }

    static final List<Property> DEFAULT_PROPERTIES = List.of(
            new Property("always_terminates", "AF finalized", k -> k.af(k.atom("finalized"))),
            // Re-entrancy: an executing state must never step into an executing state.
            new Property("no_reentrancy", "AG (active -> AX !active)",
                    k -> k.ag(k.implies(k.atom("active"), k.ax(k.not(k.atom("active")))))),
            new Property("balance_preserved", "AG balance_preserved", k -> k.ag(k.atom("balance_preserved"))));

    private ContractVerifier() {
    }

    static Verification verify(KripkeStructure model, List<Property> properties) {
        int satisfied = 0;
        List<Violation> violations = new ArrayList<>();
        for (Property property : properties) {
            if (model.holdsInitially(property.check().apply(model))) {
                satisfied++;
            } else {
                violations.add(new Violation(property.name(), property.formula(), "high"));
            }
        }
        return new Verification(violations.isEmpty(), properties.size(), satisfied, violations);
    }
}
