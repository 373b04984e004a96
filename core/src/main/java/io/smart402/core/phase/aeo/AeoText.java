package io.smart402.core.phase.aeo;

import io.smart402.core.contract.Condition;
import io.smart402.core.contract.Contract;
import io.smart402.core.contract.Party;
import java.util.ArrayList;
import java.util.List;

/** The AEO text view of a contract and its tokens (spec §2.1, from src/aeo/scoring.py {@code _extract_text}). */
final class AeoText {

    private AeoText() {
    }

    /** Description, terms, each condition description and each party identifier, joined by single spaces. */
    static String of(Contract contract) {
        List<String> parts = new ArrayList<>();
        addIfPresent(parts, contract.description());
        addIfPresent(parts, contract.terms());
        for (Condition condition : contract.conditions()) {
            addIfPresent(parts, condition.description());
        }
        for (Party party : contract.parties()) {
            addIfPresent(parts, party.identifier());
        }
        return String.join(" ", parts);
    }

    /** Lower-cased whitespace tokens; punctuation stays attached, so {@code payment.} is not {@code payment}. */
    static List<String> tokens(Contract contract) {
        return PyText.split(PyText.lower(of(contract)));
    }

    private static void addIfPresent(List<String> parts, String text) {
        if (text != null) {
            parts.add(text);
        }
    }
}
