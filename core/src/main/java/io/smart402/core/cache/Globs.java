package io.smart402.core.cache;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Redis glob patterns ({@code * ? [abc] [^a] [a-z] \x}) as Java predicates, and escaping into them. */
final class Globs {

    private Globs() {
    }

    static Predicate<String> matcher(String glob) {
        StringBuilder re = new StringBuilder();
        boolean inClass = false;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '\\' && i + 1 < glob.length()) {
                re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
            } else if (inClass) {
                if (c == ']') {
                    inClass = false;
                    re.append(']');
                } else if (c == '[' || c == '&' || c == '\\') {
                    re.append('\\').append(c);
                } else {
                    re.append(c);
                }
            } else if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[' && glob.indexOf(']', i + 1) > i) {
                inClass = true;
                re.append('[');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        Pattern p = Pattern.compile(re.toString(), Pattern.DOTALL);
        return s -> p.matcher(s).matches();
    }

    /** {@code text} with glob metacharacters escaped, so it matches only itself. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
