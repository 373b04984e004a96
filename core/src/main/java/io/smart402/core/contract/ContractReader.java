package io.smart402.core.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Turns a parsed JSON document into a {@link Contract} or a rejection: normalize, validate, bind. */
public final class ContractReader {

    private final ContractValidator validator;

    public ContractReader(ContractLimits limits) {
        this.validator = new ContractValidator(limits);
    }

    /** Reads one document; never throws for bad input. */
    public ReadResult read(JsonNode json) {
        if (!(json instanceof ObjectNode object)) {
            return new ReadResult.Rejected(null,
                    List.of(new Issue(IssueCode.E_NOT_OBJECT.name(), "$", "contract must be a JSON object")), List.of());
        }
        Normalizer.Normalized normalized = Normalizer.normalize(object);
        List<Issue> issues = validator.validate(normalized.json());
        List<Issue> errors = new ArrayList<>();
        List<Issue> warnings = new ArrayList<>(normalized.warnings());
        for (Issue issue : issues) {
            (issue.isWarning() ? warnings : errors).add(issue);
        }
        warnings.sort(Issues.ORDER); // the normalizer's warnings join the validator's in spec order
        if (!errors.isEmpty()) {
            JsonNode id = object.get("id");
            return new ReadResult.Rejected(id != null && id.isTextual() ? id.textValue() : null, errors, warnings);
        }
        return new ReadResult.Accepted(ContractBinder.bind(normalized.json(), warnings));
    }
}
