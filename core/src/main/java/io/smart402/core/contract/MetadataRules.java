package io.smart402.core.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/**
 * {@code metadata} (spec §1.5) — E_METADATA_INVALID, a PROPOSAL code: the documented members must have their
 * documented types (instants parse as ISO-8601, avgRating in 0..5, deployments a non-negative integer).
 * Other members are kept untouched and not checked.
 */
final class MetadataRules implements ContractRule {

    private static final BigDecimal MAX_RATING = BigDecimal.valueOf(5);
    private static final BigDecimal MAX_LONG = BigDecimal.valueOf(Long.MAX_VALUE);

    @Override
    public void check(ObjectNode c, Issues issues) {
        JsonNode metadata = c.get("metadata");
        if (JsonValues.isAbsent(metadata)) {
            return;
        }
        if (!metadata.isObject()) {
            issues.add(IssueCode.E_METADATA_INVALID, "$.metadata", "metadata must be an object");
            return;
        }
        FieldCheck fields = new FieldCheck(metadata, "$.metadata", "metadata.", IssueCode.E_METADATA_INVALID, issues);
        for (String text : new String[] {"title", "description", "category", "jurisdiction", "governingLaw",
                "duration", "industry"}) {
            fields.optionalText(text);
        }
        for (String list : new String[] {"tags", "keywords", "platforms"}) {
            fields.optionalTextArray(list);
        }
        for (String instant : new String[] {"createdAt", "updatedAt", "asOf"}) {
            fields.optionalInstant(instant);
        }
        for (String flag : new String[] {"creatorVerified", "audited", "smartContractEnabled"}) {
            fields.optionalBoolean(flag);
        }
        JsonNode deployments = metadata.get("deployments");
        if (!JsonValues.isAbsent(deployments)) {
            BigDecimal count = JsonValues.finiteNumber(deployments);
            if (count == null || count.signum() < 0 || JsonValues.fractionDigits(count) > 0
                    || count.compareTo(MAX_LONG) > 0) {
                fields.fail("deployments", "deployments must be a non-negative integer");
            }
        }
        fields.optionalNumberBetween("avgRating", BigDecimal.ZERO, MAX_RATING);
        citations(metadata.get("citations"), issues);
    }

    private static void citations(JsonNode citations, Issues issues) {
        if (JsonValues.isAbsent(citations)) {
            return;
        }
        if (!citations.isArray()) {
            issues.add(IssueCode.E_METADATA_INVALID, "$.metadata.citations",
                    "metadata.citations must be an array of ISO-8601 instants");
            return;
        }
        for (int i = 0; i < citations.size(); i++) {
            if (ContractBinder.instant(citations.get(i)) == null) {
                issues.add(IssueCode.E_METADATA_INVALID, JsonValues.element("$.metadata.citations", i),
                        "metadata.citations[" + i + "] must be an ISO-8601 instant");
            }
        }
    }
}
