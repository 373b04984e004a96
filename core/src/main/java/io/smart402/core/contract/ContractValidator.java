package io.smart402.core.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** The validation rules of spec §3, all run on the normalized document (not fail-fast). */
final class ContractValidator {

    private final ContractLimits limits;

    ContractValidator(ContractLimits limits) {
        this.limits = limits;
    }

    /** Every error and warning found, errors in rule order then by path. */
    List<Issue> validate(ObjectNode c) {
        List<Issue> issues = new ArrayList<>();
        JsonNode type = c.get("type");
        if (type == null || !type.isTextual() || type.textValue().isEmpty()) {
            issues.add(new Issue("E_TYPE_MISSING", "$.type", "type is required"));
        } else if (!ContractType.isValid(type.textValue())) {
            issues.add(new Issue("E_TYPE_INVALID", "$.type",
                    "type '" + type.textValue() + "' is not a valid contract type"));
        }
        JsonNode parties = c.get("parties");
        int count = parties != null && parties.isArray() ? parties.size() : 0;
        if (count < 2) {
            issues.add(new Issue("E_PARTIES_MIN", "$.parties",
                    "contract must have at least 2 parties (found " + count + ")"));
        }
        if (!c.has("payment")) {
            issues.add(new Issue("E_PAYMENT_MISSING", "$.payment", "payment is required"));
        }
        return issues;
    }
}
