package io.smart402.core.phase.scc;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Makes user text safe inside Solidity comments: one line of printable ASCII (other code points become
 * backslash-u-brace hex escapes, which also keeps solc's check for unbalanced bidi overrides quiet), no
 * star-slash that would end a block comment, and no {@code @} that NatSpec would read as a tag (solc rejects
 * unknown tags as errors).
 */
final class CommentText {

    /** Compiled once: String.replaceAll compiled it on every comment. */
    private static final Pattern SPACE_RUNS = Pattern.compile(" {2,}");

    private CommentText() {
    }

    static String sanitize(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '@') {
                out.append("(at)");
            } else if (cp >= 0x20 && cp < 0x7f) {
                out.append((char) cp);
            } else if (Character.isWhitespace(cp) || Character.isISOControl(cp)) {
                out.append(' ');
            } else {
                out.append("\\u{").append(Integer.toHexString(cp)).append('}');
            }
        }
        // Replacing "*/" cannot create a new one: the inserted space separates the star from the slash.
        return out.toString().replace("*/", "* /")
                .transform(t -> SPACE_RUNS.matcher(t).replaceAll(" ")).trim();
    }

    /** Greedy word wrap at {@code width} columns; a longer word stays whole on its own line. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (word.isEmpty()) {
                continue;
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
