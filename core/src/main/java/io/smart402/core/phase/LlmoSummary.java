package io.smart402.core.phase;

import com.fasterxml.jackson.databind.JsonNode;
import io.smart402.core.contract.Contract;

/**
 * The human summary the LLMO phase wrote ({@code llmo.ucl.summary}, spec §2.2) as read by the later phases.
 *
 * @param title        {@code summary.title}: {@code metadata.title}, else TitleCase(type) + " Agreement"
 * @param plainEnglish {@code summary.plain_english}; empty when LLMO wrote none
 */
public record LlmoSummary(String title, String plainEnglish) {

    /** Reads the summary from the LLMO result, which must have run; the title falls back to LLMO's own rule. */
    public static LlmoSummary of(Contract contract, PhaseResults earlier) {
        JsonNode summary = earlier.get(PhaseName.LLMO).output().path("ucl").path("summary");
        String title = text(summary.path("title"));
        if (title.isEmpty()) {
            title = defaultTitle(contract);
        }
        return new LlmoSummary(title, text(summary.path("plain_english")));
    }

    /** LLMO's title rule (spec §2.2): {@code metadata.title}, else Python {@code str.title()} of the type + " Agreement". */
    public static String defaultTitle(Contract contract) {
        String title = contract.metadata() == null ? null : contract.metadata().title();
        return title != null && !title.isEmpty() ? title : pythonTitle(contract.type()) + " Agreement";
    }

    /** Python {@code str.title()} as spec §2.1 states it: a letter after a non-letter is upper-cased, others lower. */
    public static String pythonTitle(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean previousIsLetter = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            boolean letter = Character.isLetter(cp);
            out.appendCodePoint(letter ? (previousIsLetter ? Character.toLowerCase(cp) : Character.toTitleCase(cp)) : cp);
            previousIsLetter = letter;
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.textValue() : "";
    }
}
