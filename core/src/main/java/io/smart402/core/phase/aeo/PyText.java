package io.smart402.core.phase.aeo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The Python {@code str} semantics the phase formulas of spec §2.1–2.2 are defined with: {@code split()},
 * {@code title()}, {@code isupper()}, {@code lower()} and {@code len()} counting code points.
 */
public final class PyText {

    /** Orders strings by Unicode code point, as Python's {@code sorted} does (String.compareTo uses UTF-16 units). */
    public static final Comparator<String> CODE_POINT_ORDER = PyText::compareCodePoints;

    private PyText() {
    }

    /** Python {@code str.split()}: splits on runs of whitespace and drops empty pieces. */
    public static List<String> split(String text) {
        return split(text, Integer.MAX_VALUE);
    }

    /**
     * The first {@code limit} pieces of {@link #split(String)}: the phases that read a bounded number of tokens
     * stop scanning there instead of cutting every token of a large contract's text.
     */
    public static List<String> split(String text, int limit) {
        // Pieces average well over 4 chars; presizing avoids regrowing (and copying) the list on long texts.
        List<String> out = new ArrayList<>(text == null ? 0 : Math.min(limit, text.length() / 4 + 1));
        if (text == null) {
            return out;
        }
        int start = -1;
        for (int i = 0; i < text.length() && out.size() < limit; ) {
            int cp = text.codePointAt(i);
            if (isWhitespace(cp)) {
                if (start >= 0) {
                    out.add(text.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0 && out.size() < limit) {
            out.add(text.substring(start));
        }
        return out;
    }

    /**
     * The first {@code limit} pieces of {@code split(lower(text))}, lower-casing only the text they come from.
     * The same pieces: lower-casing maps whitespace to itself and nothing else to whitespace, and its only
     * context rule (a final sigma) does not look across whitespace, where the text is cut.
     */
    public static List<String> splitLower(String text, int limit) {
        if (text == null) {
            return new ArrayList<>(0);
        }
        int end = endOfPieces(text, limit);
        return split(lower(end == text.length() ? text : text.substring(0, end)), limit);
    }

    /** The index just past the {@code limit}-th piece of {@code text} (its length when it has fewer). */
    private static int endOfPieces(String text, int limit) {
        int pieces = 0;
        boolean inPiece = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (isWhitespace(cp)) {
                if (inPiece && ++pieces == limit) {
                    return i;
                }
                inPiece = false;
            } else {
                inPiece = true;
            }
            i += Character.charCount(cp);
        }
        return text.length();
    }

    /** Whether {@link #split} of {@code text} has any piece, without building them. */
    public static boolean hasToken(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (!isWhitespace(cp)) {
                return true;
            }
            i += Character.charCount(cp);
        }
        return false;
    }

    /**
     * Python {@code str.isspace()} for one code point: Java's {@code isWhitespace} leaves out the no-break
     * spaces and NEL, which Python splits on.
     */
    public static boolean isWhitespace(int cp) {
        if (cp < 0x80) {
            // ASCII: \t \n \v \f \r, the four separators 0x1c-0x1f and space, as the general test below says,
            // without its two Unicode table look-ups for every letter.
            return cp == ' ' || (cp >= 0x09 && cp <= 0x0d) || (cp >= 0x1c && cp <= 0x1f);
        }
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85;
    }

    /** Lower case independent of the default locale. */
    public static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    /**
     * TitleCase as spec §2.1 defines it: a letter is upper-cased when the previous character is not a letter,
     * else lower-cased ({@code saas-subscription} → {@code Saas-Subscription}).
     */
    public static String title(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean previousIsLetter = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            out.appendCodePoint(previousIsLetter ? Character.toLowerCase(cp) : Character.toUpperCase(cp));
            previousIsLetter = Character.isLetter(cp);
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /** Python {@code str.isupper()}: at least one upper-case character and no lower- or title-case one. */
    public static boolean isUpper(String text) {
        boolean cased = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (Character.isLowerCase(cp) || Character.isTitleCase(cp)) {
                return false;
            }
            cased |= Character.isUpperCase(cp);
            i += Character.charCount(cp);
        }
        return cased;
    }

    /** Python {@code len()}: the number of code points. */
    public static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /** The first {@code count} code points of {@code text} (all of it when shorter). */
    public static String prefix(String text, int count) {
        if (length(text) <= count) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, count));
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
