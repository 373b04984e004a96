package io.smart402.core.contract;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The validation rules of spec §3, all run on the normalized document (not fail-fast).
 *
 * <p>Conventions shared by every rule: JSON {@code null} on an optional member means absent, and on a
 * required member means missing; strings holding numbers are not numbers; values echoed in messages are cut
 * after 100 characters. Codes beyond the spec's table are listed (and marked PROPOSAL) in {@link IssueCode}.
 */
final class ContractValidator {

    private final List<ContractRule> rules;

    ContractValidator(ContractLimits limits) {
        this.rules = List.of(
                new IdentityRules(),
                new PartyRules(),
                new PaymentRules(),
                new ConditionRules(),
                new ScheduleRules(),
                new DisputeRules(),
                new MetadataRules(),
                new LimitRules(limits),
                new WarningRules());
    }

    /** Every error and warning found, sorted by rule order then by path (array indices numerically). */
    List<Issue> validate(ObjectNode c) {
        Issues issues = new Issues();
        for (ContractRule rule : rules) {
            rule.check(c, issues);
        }
        return issues.sorted();
    }
}
