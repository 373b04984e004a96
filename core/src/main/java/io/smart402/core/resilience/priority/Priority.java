package io.smart402.core.resilience.priority;

import java.util.Locale;
import java.util.Optional;

/** Spec §5's message priorities, most urgent first (CRITICAL 0 … BACKGROUND 4). */
public enum Priority {
    CRITICAL, HIGH, NORMAL, LOW, BACKGROUND;

    /** The spec's number (0 = most urgent). */
    public int level() {
        return ordinal();
    }

    /** Parses a name (any case) or a level number 0–4; empty for anything else. */
    public static Optional<Priority> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim();
        if (t.length() == 1 && t.charAt(0) >= '0' && t.charAt(0) <= '4') {
            return Optional.of(values()[t.charAt(0) - '0']);
        }
        try {
            return Optional.of(valueOf(t.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
