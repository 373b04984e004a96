package io.smart402.core.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;

/** {@code parties} (spec §1.2): E_PARTIES_MIN, E_PARTY_INVALID, E_PARTY_DUPLICATE (identifiers are case-sensitive). */
final class PartyRules implements ContractRule {

    @Override
    public void check(ObjectNode c, Issues issues) {
        JsonNode parties = c.get("parties");
        int count = parties != null && parties.isArray() ? parties.size() : 0;
        if (count < 2) {
            issues.add(IssueCode.E_PARTIES_MIN, "$.parties",
                    "contract must have at least 2 parties (found " + count + ")");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            JsonNode party = parties.get(i);
            String path = JsonValues.element("$.parties", i);
            if (!party.isObject()) {
                // strings were turned into objects by the normalizer, so anything else is the wrong type
                issues.add(IssueCode.E_PARTY_INVALID, path, "party " + i + ": must be a string or an object");
                continue;
            }
            FieldCheck fields = new FieldCheck(party, path, "party " + i + ": ", IssueCode.E_PARTY_INVALID, issues);
            String identifier = fields.requiredText("identifier");
            fields.optionalText("role");
            fields.optionalText("name");
            fields.optionalAddress("wallet");
            if (identifier != null && !seen.add(identifier)) {
                issues.add(IssueCode.E_PARTY_DUPLICATE, path + ".identifier",
                        "duplicate party identifier '" + JsonValues.show(identifier) + "'");
            }
        }
    }
}
