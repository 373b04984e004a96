package io.smart402.core.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;

/**
 * Type checks of the members of one JSON object, reported under one code with one message prefix
 * (e.g. {@code "party 1: "} or {@code "metadata."}), so every rule phrases the same fault the same way.
 */
final class FieldCheck {

    private final JsonNode object;
    private final String path;
    private final String prefix;
    private final IssueCode code;
    private final Issues issues;

    FieldCheck(JsonNode object, String path, String prefix, IssueCode code, Issues issues) {
        this.object = object;
        this.path = path;
        this.prefix = prefix;
        this.code = code;
        this.issues = issues;
    }

    /** Reports a fault of member {@code field}: path {@code path.field}, message {@code prefix + reason}. */
    void fail(String field, String reason) {
        issues.add(code, JsonValues.member(path, field), prefix + reason);
    }

    JsonNode get(String field) {
        return object.get(field);
    }

    /** A required non-blank string; returns its text, or null after reporting. */
    String requiredText(String field) {
        JsonNode value = object.get(field);
        if (JsonValues.isAbsent(value) || value.isTextual() && value.textValue().isBlank()) {
            fail(field, field + " is required");
            return null;
        }
        if (!value.isTextual()) {
            fail(field, field + " must be a string");
            return null;
        }
        return value.textValue();
    }

    void optionalText(String field) {
        JsonNode value = object.get(field);
        if (!JsonValues.isAbsent(value) && !value.isTextual()) {
            fail(field, field + " must be a string");
        }
    }

    void optionalBoolean(String field) {
        JsonNode value = object.get(field);
        if (!JsonValues.isAbsent(value) && !value.isBoolean()) {
            fail(field, field + " must be a boolean");
        }
    }

    void optionalAddress(String field) {
        JsonNode value = object.get(field);
        if (!JsonValues.isAbsent(value) && !(value.isTextual() && ContractVocabulary.isAddress(value.textValue()))) {
            fail(field, field + " must be 0x followed by 40 hex digits");
        }
    }

    void optionalTextArray(String field) {
        JsonNode value = object.get(field);
        if (JsonValues.isAbsent(value)) {
            return;
        }
        boolean ok = value.isArray();
        for (int i = 0; ok && i < value.size(); i++) {
            ok = value.get(i).isTextual();
        }
        if (!ok) {
            fail(field, field + " must be an array of strings");
        }
    }

    void optionalInstant(String field) {
        JsonNode value = object.get(field);
        if (!JsonValues.isAbsent(value) && ContractBinder.instant(value) == null) {
            fail(field, field + " must be an ISO-8601 instant");
        }
    }

    /** An optional finite number in {@code [min, max]}. */
    void optionalNumberBetween(String field, BigDecimal min, BigDecimal max) {
        JsonNode value = object.get(field);
        if (JsonValues.isAbsent(value)) {
            return;
        }
        BigDecimal number = JsonValues.finiteNumber(value);
        if (number == null || number.compareTo(min) < 0 || number.compareTo(max) > 0) {
            fail(field, field + " must be a number between " + JsonValues.plain(min) + " and " + JsonValues.plain(max));
        }
    }

    /** An optional member whose value must be one of {@code allowed}. */
    void optionalOneOf(String field, List<String> allowed) {
        JsonNode value = object.get(field);
        if (!JsonValues.isAbsent(value) && !(value.isTextual() && allowed.contains(value.textValue()))) {
            fail(field, field + " must be one of " + String.join(", ", allowed));
        }
    }
}
