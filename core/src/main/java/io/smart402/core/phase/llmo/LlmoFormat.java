package io.smart402.core.phase.llmo;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/** Text forms the LLMO outputs share: plain amounts and Solidity-style names. */
final class LlmoFormat {

    /** Compiled once: String.split with this regex compiled it on every call. */
    private static final Pattern TYPE_SEPARATOR = Pattern.compile("[-_]");

    private LlmoFormat() {
    }

    /** Plain decimal without trailing zeros ({@code 99.00} → {@code 99}, {@code 5000} → {@code 5000}). */
    static String plainAmount(BigDecimal amount) {
        return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
    }

    /** PascalCase of a canonical type: parts split on {@code -} and {@code _}, each capitalized. */
    static String pascalCase(String canonicalType) {
        StringBuilder out = new StringBuilder(canonicalType.length());
        for (String part : TYPE_SEPARATOR.split(canonicalType)) {
            if (!part.isEmpty()) {
                out.appendCodePoint(Character.toUpperCase(part.codePointAt(0)))
                        .append(part, Character.charCount(part.codePointAt(0)), part.length());
            }
        }
        return out.toString();
    }
}
