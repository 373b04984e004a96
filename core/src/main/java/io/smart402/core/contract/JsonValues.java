package io.smart402.core.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/** Value and path helpers shared by the validation rules. */
final class JsonValues {

    static final BigDecimal MAX_AMOUNT = new BigDecimal(1_000_000_000);

    /** Longest value echoed in a message; longer ones are cut so a hostile value cannot bloat the response. */
    private static final int SHOW_LIMIT = 100;
    private static final Pattern SIMPLE_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");

    private JsonValues() {
    }

    /** Whether {@code node} is absent or JSON null: optional members may be null, which means absent. */
    static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** The text of a non-blank string node, else null. */
    static String nonBlankText(JsonNode node) {
        return node != null && node.isTextual() && !node.textValue().isBlank() ? node.textValue() : null;
    }

    /** The exact value of a finite JSON number, else null (strings holding numbers are not numbers). */
    static BigDecimal finiteNumber(JsonNode node) {
        if (node == null || !node.isNumber()) {
            return null;
        }
        if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            return null;
        }
        return node.decimalValue();
    }

    /** Fraction digits that matter: {@code 99.00} has 0, {@code 0.125} has 3, {@code 1E+3} has 0. */
    static int fractionDigits(BigDecimal value) {
        return Math.max(0, value.stripTrailingZeros().scale());
    }

    /** A finite number with no fractional part, as an int when it fits, else null. */
    static Integer exactInt(JsonNode node) {
        BigDecimal value = finiteNumber(node);
        if (value == null || fractionDigits(value) > 0) {
            return null;
        }
        try {
            return value.intValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /** Plain decimal form without trailing zeros for messages: {@code 4000.00} → {@code 4000}. */
    static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (Math.abs(stripped.scale()) > 1000) {
            return stripped.toString(); // toPlainString would print a thousand zeros
        }
        return stripped.scale() < 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString();
    }

    /** A value as echoed in messages: string text as is, other JSON compact; cut after 100 chars. */
    static String show(JsonNode node) {
        String text = node == null ? "null" : node.isTextual() ? node.textValue() : node.toString();
        return show(text);
    }

    static String show(String text) {
        if (text.length() <= SHOW_LIMIT) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(SHOW_LIMIT - 1)) ? SHOW_LIMIT - 1 : SHOW_LIMIT;
        return text.substring(0, end) + "…";
    }

    /** {@code base.name}, or {@code base['name']} for names that are not simple identifiers. */
    static String member(String base, String name) {
        if (SIMPLE_NAME.matcher(name).matches()) {
            return base + "." + name;
        }
        return base + "['" + name.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    static String element(String base, int index) {
        return base + "[" + index + "]";
    }
}
