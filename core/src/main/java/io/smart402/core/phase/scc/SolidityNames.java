package io.smart402.core.phase.scc;

import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Allocates Solidity identifiers from user text (roles, condition ids) so that any input yields distinct,
 * legal names: non-ASCII folded or replaced, leading digits prefixed, keywords and names the generated code
 * already uses suffixed, duplicates numbered. One instance per generated source unit (it remembers what it
 * handed out).
 */
final class SolidityNames {

    static final int MAX_LENGTH = 64;

    /**
     * Keywords, reserved words, units, literals and global builtins of Solidity 0.8 — declaring a state
     * variable with a builtin's name would shadow e.g. {@code msg} inside the generated functions, so builtins
     * count as reserved too. Contextual keywords ({@code from}, {@code error}, {@code layout}, …) are included
     * because over-reserving only costs a suffix.
     */
    private static final Set<String> RESERVED = Set.of(
            "abstract", "address", "anonymous", "as", "assembly", "bool", "break", "bytes", "calldata", "catch",
            "constant", "constructor", "continue", "contract", "delete", "do", "else", "emit", "enum", "error",
            "event", "external", "fallback", "false", "for", "from", "function", "global", "hex", "if",
            "immutable", "import", "indexed", "interface", "internal", "is", "layout", "at", "library", "mapping",
            "memory", "modifier", "new", "override", "payable", "pragma", "private", "public", "pure", "receive",
            "return", "returns", "revert", "storage", "string", "struct", "transient", "true", "try", "type",
            "unchecked", "unicode", "using", "view", "virtual", "while", "leave", "solidity",
            "after", "alias", "apply", "auto", "byte", "case", "copyof", "default", "define", "final",
            "implements", "in", "inline", "let", "macro", "match", "mutable", "null", "of", "partial", "promise",
            "reference", "relocatable", "sealed", "sizeof", "static", "supports", "switch", "typedef", "typeof",
            "var",
            "wei", "gwei", "ether", "seconds", "minutes", "hours", "days", "weeks", "years", "finney", "szabo",
            "abi", "block", "msg", "tx", "this", "super", "now", "gasleft", "blockhash", "blobhash", "keccak256",
            "sha256", "sha3", "ripemd160", "ecrecover", "addmod", "mulmod", "assert", "require", "selfdestruct",
            "suicide", "log0", "log1", "log2", "log3", "log4", "_");

    /** Elementary type names with a size suffix: {@code uint8}, {@code bytes32}, {@code fixed128x18}, … */
    private static final Pattern SIZED_TYPE = Pattern.compile("^(u?int\\d*|bytes\\d*|u?fixed(\\d+(x\\d+)?)?)$");
    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_IDENTIFIER = Pattern.compile("[^A-Za-z0-9_]+");
    private static final Pattern UNDERSCORES = Pattern.compile("_{2,}");

    private final Set<String> taken = new HashSet<>();

    /** @param fixedNames names the generated code declares itself (contract, functions, events, variables) */
    SolidityNames(Set<String> fixedNames) {
        taken.addAll(fixedNames);
    }

    /** A fresh identifier derived from {@code text}, or from {@code fallback} when nothing usable remains. */
    String allocate(String text, String fallback) {
        return unique(legal(text, fallback));
    }

    /** A fresh constant name {@code prefix + UPPER(text)}, e.g. {@code COND_SERVICE_ACTIVE}. */
    String allocateConstant(String prefix, String text, String fallback) {
        String base = fold(text).toUpperCase(Locale.ROOT);
        return unique(prefix + (base.isEmpty() ? fallback : base));
    }

    private String unique(String base) {
        String name = base;
        for (int n = 2; taken.contains(name); n++) {
            name = base + "_" + n;
        }
        taken.add(name);
        return name;
    }

    static String legal(String text, String fallback) {
        String name = fold(text);
        if (name.isEmpty()) {
            name = fallback;
        }
        if (Character.isDigit(name.charAt(0))) {
            name = "p_" + name;
        }
        if (isReserved(name)) {
            name = name + "_";
        }
        return name;
    }

    static boolean isReserved(String name) {
        return RESERVED.contains(name) || SIZED_TYPE.matcher(name).matches();
    }

    /** ASCII letters, digits and single underscores only; accents folded (é → e), the rest becomes {@code _}. */
    static String fold(String text) {
        if (text == null) {
            return "";
        }
        String name = isAscii(text) ? identifierRuns(text)
                : UNDERSCORES.matcher(NOT_IDENTIFIER.matcher(COMBINING_MARKS.matcher(
                        Normalizer.normalize(text, Normalizer.Form.NFKD)).replaceAll("")).replaceAll("_")).replaceAll("_");
        name = trimUnderscores(name);
        if (name.length() > MAX_LENGTH) {
            name = trimUnderscores(name.substring(0, MAX_LENGTH));
        }
        return name;
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * The regexes' result for ASCII text, where NFKD changes nothing and there are no combining marks: every
     * maximal run of characters other than ASCII letters and digits (underscores included) becomes one
     * underscore. Names of parties, conditions and milestones are folded this way several times per contract.
     */
    private static String identifierRuns(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean inRun = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isAsciiAlphanumeric(c)) {
                out.append(c);
                inRun = false;
            } else if (!inRun) {
                out.append('_');
                inRun = true;
            }
        }
        return out.toString();
    }

    /** An ASCII letter or digit: what identifiers and the contract name keep of a text. */
    static boolean isAsciiAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static String trimUnderscores(String name) {
        int start = 0;
        int end = name.length();
        while (start < end && name.charAt(start) == '_') {
            start++;
        }
        while (end > start && name.charAt(end - 1) == '_') {
            end--;
        }
        return name.substring(start, end);
    }
}
