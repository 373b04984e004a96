package io.smart402.core.phase.llmo;

import java.math.BigDecimal;

/** Text forms the LLMO outputs share: plain amounts and Solidity-style names. */
final class LlmoFormat {

    private LlmoFormat() {
    }

    /** Plain decimal without trailing zeros ({@code 99.00} → {@code 99}, {@code 5000} → {@code 5000}). */
    static String plainAmount(BigDecimal amount) {
        return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
    }

    /** PascalCase of a canonical type: parts split on {@code -} and {@code _}, each capitalized. */
    static String pascalCase(String canonicalType) {
        StringBuilder out = new StringBuilder(canonicalType.length());
        boolean partStart = true;
        // A loop rather than Pattern.split on [-_]: the same parts, without a matcher and part strings.
        for (int i = 0; i < canonicalType.length(); ) {
            int cp = canonicalType.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '-' || cp == '_') {
                partStart = true;
            } else {
                out.appendCodePoint(partStart ? Character.toUpperCase(cp) : cp);
                partStart = false;
            }
        }
        return out.toString();
    }
}
