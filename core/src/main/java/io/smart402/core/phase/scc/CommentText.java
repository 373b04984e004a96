package io.smart402.core.phase.scc;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes user text safe inside Solidity comments: one line of printable ASCII (other code points become
 * backslash-u-brace hex escapes, which also keeps solc's check for unbalanced bidi overrides quiet), no
 * star-slash that would end a block comment, and no {@code @} that NatSpec would read as a tag (solc rejects
 * unknown tags as errors).
 */
final class CommentText {

    private CommentText() {
    }

    static String sanitize(String text) {
        if (text == null) {
            return "";
        }
        // One pass doing what mapping each code point, then replace("*/", "* /"), then collapsing runs of
        // spaces and trim() did in four: a space is written only after a non-space, a slash after a star gets a
        // space before it (which cannot touch another space), and a trailing space is dropped at the end.
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '@') {
                out.append("(at)");
            } else if (cp == ' ' || (cp >= 0x7f || cp < 0x20) && (Character.isWhitespace(cp) || Character.isISOControl(cp))) {
                if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
                    out.append(' ');
                }
            } else if (cp >= 0x20 && cp < 0x7f) {
                if (cp == '/' && out.length() > 0 && out.charAt(out.length() - 1) == '*') {
                    out.append(' ');
                }
                out.append((char) cp);
            } else {
                out.append("\\u{").append(Integer.toHexString(cp)).append('}');
            }
        }
        int end = out.length();
        if (end > 0 && out.charAt(end - 1) == ' ') {
            out.setLength(end - 1);
        }
        return out.toString();
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
