package io.smart402.core.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Pattern;

/** {@code id} and {@code type} (E_ID_INVALID, E_TYPE_MISSING, E_TYPE_INVALID), and the other top-level scalars. */
final class IdentityRules implements ContractRule {

    static final String ID_REGEX = "^[A-Za-z0-9][A-Za-z0-9:._-]{0,127}$";
    private static final Pattern ID = Pattern.compile(ID_REGEX);

    @Override
    public void check(ObjectNode c, Issues issues) {
        JsonNode id = c.get("id");
        if (!JsonValues.isAbsent(id) && !(id.isTextual() && ID.matcher(id.textValue()).matches())) {
            issues.add(IssueCode.E_ID_INVALID, "$.id", "id must match " + ID_REGEX);
        }

        JsonNode type = c.get("type");
        if (JsonValues.isAbsent(type) || type.isTextual() && type.textValue().isEmpty()) {
            issues.add(IssueCode.E_TYPE_MISSING, "$.type", "type is required");
        } else if (!type.isTextual() || !ContractType.isValid(type.textValue())) {
            issues.add(IssueCode.E_TYPE_INVALID, "$.type",
                    "type '" + JsonValues.show(type) + "' is not a valid contract type");
        }

        FieldCheck top = new FieldCheck(c, "$", "", IssueCode.E_FIELD_INVALID, issues);
        top.optionalText("version");
        top.optionalText("description");
        top.optionalText("terms");
        top.optionalText("target_query");
        top.optionalTextArray("obligations");
    }
}
