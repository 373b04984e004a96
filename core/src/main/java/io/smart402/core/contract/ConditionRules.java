package io.smart402.core.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code conditions} and {@code oracles} (spec §1.4): E_CONDITION_INVALID, E_CONDITION_DUPLICATE,
 * E_ORACLE_INVALID (PROPOSAL) and E_ORACLE_UNKNOWN.
 *
 * <p>Operands: ordering operators need a numeric {@code threshold}; {@code equals}, {@code not_equals} and
 * {@code contains} need a non-null scalar {@code expected} (string, number or boolean). {@code contains} is a
 * membership test, so — our decision, the spec leaves it open — it takes {@code expected}, never a threshold.
 */
final class ConditionRules implements ContractRule {

    static final String CONDITION_ID_REGEX = "^[a-z0-9_]{1,64}$";
    private static final Pattern CONDITION_ID = Pattern.compile(CONDITION_ID_REGEX);

    @Override
    public void check(ObjectNode c, Issues issues) {
        JsonNode conditions = c.get("conditions");
        if (!JsonValues.isAbsent(conditions) && !conditions.isArray()) {
            // a UCL object whose parts are not arrays is left unflattened by the normalizer
            issues.add(IssueCode.E_CONDITION_INVALID, "$.conditions",
                    "conditions must be an array or an object {required: [...], optional: [...]}");
        }
        Set<String> declared = oracles(c.get("oracles"), issues);
        if (conditions == null || !conditions.isArray()) {
            return;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < conditions.size(); i++) {
            JsonNode condition = conditions.get(i);
            String path = JsonValues.element("$.conditions", i);
            if (!condition.isObject()) {
                issues.add(IssueCode.E_CONDITION_INVALID, path, "condition " + i + ": must be an object");
                continue;
            }
            String id = condition(condition, path, "condition " + i + ": ", issues);
            if (id != null && !ids.add(id)) {
                issues.add(IssueCode.E_CONDITION_DUPLICATE, path + ".id", "duplicate condition id '" + id + "'");
            }
            JsonNode source = condition.get("source");
            if (!declared.isEmpty() && source != null && source.isTextual() && !source.textValue().isBlank()
                    && !declared.contains(source.textValue())) {
                String shownId = condition.path("id").isTextual() ? condition.get("id").textValue() : String.valueOf(i);
                issues.add(IssueCode.E_ORACLE_UNKNOWN, path + ".source", "condition '" + JsonValues.show(shownId)
                        + "' uses undeclared oracle '" + JsonValues.show(source) + "'");
            }
        }
    }

    /** Checks one condition object; returns its id when well-formed. */
    private static String condition(JsonNode condition, String path, String prefix, Issues issues) {
        FieldCheck fields = new FieldCheck(condition, path, prefix, IssueCode.E_CONDITION_INVALID, issues);
        String id = fields.requiredText("id");
        if (id != null && !CONDITION_ID.matcher(id).matches()) {
            fields.fail("id", "id must match " + CONDITION_ID_REGEX);
            id = null;
        }
        fields.requiredText("description");
        fields.requiredText("source");
        String operator = fields.requiredText("operator");
        if (operator != null && !ContractVocabulary.OPERATORS.contains(operator)) {
            fields.fail("operator", "unsupported operator '" + JsonValues.show(operator) + "'");
        } else if (operator != null && ContractVocabulary.ORDERING_OPERATORS.contains(operator)) {
            if (JsonValues.finiteNumber(condition.get("threshold")) == null) {
                fields.fail("threshold", "threshold must be a number for operator '" + operator + "'");
            }
        } else if (operator != null) {
            JsonNode expected = condition.get("expected");
            if (expected == null || !(expected.isTextual() || expected.isBoolean()
                    || JsonValues.finiteNumber(expected) != null)) {
                fields.fail("expected", "expected must be a string, number or boolean for operator '" + operator + "'");
            }
        }
        fields.optionalText("metric");
        fields.optionalText("type");
        fields.optionalBoolean("required");
        return id;
    }

    /** Checks the oracle list; returns the declared ids (empty when no oracles are listed). */
    private static Set<String> oracles(JsonNode oracles, Issues issues) {
        Set<String> ids = new HashSet<>();
        if (JsonValues.isAbsent(oracles)) {
            return ids;
        }
        if (!oracles.isArray()) {
            issues.add(IssueCode.E_ORACLE_INVALID, "$.oracles", "oracles must be an array");
            return ids;
        }
        for (int i = 0; i < oracles.size(); i++) {
            JsonNode oracle = oracles.get(i);
            String path = JsonValues.element("$.oracles", i);
            if (!oracle.isObject()) {
                issues.add(IssueCode.E_ORACLE_INVALID, path, "oracle " + i + ": must be an object");
                continue;
            }
            FieldCheck fields = new FieldCheck(oracle, path, "oracle " + i + ": ", IssueCode.E_ORACLE_INVALID, issues);
            String id = fields.requiredText("id");
            if (id != null && !ids.add(id)) {
                fields.fail("id", "duplicate oracle id '" + JsonValues.show(id) + "'");
            }
            if (fields.requiredText("type") != null) {
                fields.optionalOneOf("type", ContractVocabulary.ORACLE_TYPES);
            }
            fields.optionalText("endpoint");
            fields.optionalAddress("address");
            fields.optionalText("refreshRate");
            fields.optionalBoolean("required");
        }
        return ids;
    }
}
