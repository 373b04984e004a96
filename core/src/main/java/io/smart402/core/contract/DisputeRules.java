package io.smart402.core.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code dispute} (spec §1.1) — E_DISPUTE_INVALID, a PROPOSAL code: method ∈ multisig/arbitrator/dao_vote,
 * {@code requiredSignatures} a positive integer no larger than the signer count (signers, else parties),
 * {@code signers} an array of strings.
 */
final class DisputeRules implements ContractRule {

    @Override
    public void check(ObjectNode c, Issues issues) {
        JsonNode dispute = c.get("dispute");
        if (JsonValues.isAbsent(dispute)) {
            return;
        }
        if (!dispute.isObject()) {
            issues.add(IssueCode.E_DISPUTE_INVALID, "$.dispute", "dispute must be an object");
            return;
        }
        FieldCheck fields = new FieldCheck(dispute, "$.dispute", "dispute.", IssueCode.E_DISPUTE_INVALID, issues);
        if (fields.requiredText("method") != null) {
            fields.optionalOneOf("method", ContractVocabulary.DISPUTE_METHODS);
        }
        fields.optionalTextArray("signers");
        JsonNode required = dispute.get("requiredSignatures");
        if (JsonValues.isAbsent(required)) {
            return;
        }
        Integer m = JsonValues.exactInt(required);
        JsonNode signers = dispute.get("signers");
        int n = signers != null && signers.isArray() && !signers.isEmpty() ? signers.size() : c.path("parties").size();
        if (m == null || m < 1) {
            fields.fail("requiredSignatures", "requiredSignatures must be a positive integer");
        } else if ("multisig".equals(dispute.path("method").textValue()) && m > n) {
            fields.fail("requiredSignatures", "requiredSignatures must not exceed the number of signers (" + n + ")");
        }
    }
}
