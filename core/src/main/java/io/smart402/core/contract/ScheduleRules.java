package io.smart402.core.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the amount is divided (spec §1.3–§1.4): milestones (E_MILESTONES), payout splits (E_SPLITS) and
 * commission tiers (E_TIERS_INCOMPLETE). Sums are exact ({@link BigDecimal#compareTo}) and are only formed
 * from values that passed their range and precision checks, so a hostile exponent cannot make them expensive.
 */
final class ScheduleRules implements ContractRule {

    private static final Pattern DATE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}$");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    /** Split percentages beyond this many fraction digits are refused before they are summed. */
    private static final int MAX_PERCENTAGE_DECIMALS = 18;

    @Override
    public void check(ObjectNode c, Issues issues) {
        JsonNode payment = c.path("payment");
        String token = payment.path("token").isTextual() ? payment.get("token").textValue() : null;
        milestones(c.get("milestones"), payment, token, issues);
        splits(payment.get("splits"), c.get("parties"), issues);
        tiers(payment, issues);
    }

    private static void milestones(JsonNode milestones, JsonNode payment, String token, Issues issues) {
        boolean milestoneFrequency = "milestone".equals(payment.path("frequency").textValue());
        if (!JsonValues.isAbsent(milestones) && !milestones.isArray()) {
            issues.add(IssueCode.E_MILESTONES, "$.milestones", "milestones must be an array");
            return;
        }
        if (milestoneFrequency && (milestones == null || milestones.isEmpty())) {
            issues.add(IssueCode.E_MILESTONES, "$.milestones", "milestone frequency requires at least one milestone");
            return;
        }
        if (JsonValues.isAbsent(milestones) || milestones.isEmpty()) {
            return;
        }
        OptionalInt decimals = ContractVocabulary.decimals(token);
        String precisionOf = decimals.isPresent() ? token : "its token";
        int maxDecimals = decimals.orElse(18);
        BigDecimal sum = BigDecimal.ZERO;
        boolean summable = true;
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < milestones.size(); i++) {
            JsonNode milestone = milestones.get(i);
            String path = JsonValues.element("$.milestones", i);
            if (!milestone.isObject()) {
                issues.add(IssueCode.E_MILESTONES, path, "milestone " + i + ": must be an object");
                summable = false;
                continue;
            }
            FieldCheck fields = new FieldCheck(milestone, path, "milestone " + i + ": ", IssueCode.E_MILESTONES, issues);
            String id = fields.requiredText("id");
            if (id != null && !ids.add(id)) {
                fields.fail("id", "duplicate milestone id '" + JsonValues.show(id) + "'");
            }
            fields.requiredText("title");
            BigDecimal amount = milestoneAmount(fields, maxDecimals, precisionOf);
            if (amount == null) {
                summable = false;
            } else {
                sum = sum.add(amount);
            }
            JsonNode due = milestone.get("dueDate");
            if (!JsonValues.isAbsent(due) && !isDate(due)) {
                fields.fail("dueDate", "dueDate must be a date YYYY-MM-DD");
            }
            fields.optionalTextArray("deliverables");
        }
        BigDecimal total = JsonValues.finiteNumber(payment.get("amount"));
        if (summable && total != null && total.signum() >= 0 && total.compareTo(JsonValues.MAX_AMOUNT) <= 0
                && sum.compareTo(total) != 0) {
            issues.add(IssueCode.E_MILESTONES, "$.milestones", "milestones must sum to payment.amount ("
                    + JsonValues.plain(sum) + " ≠ " + JsonValues.plain(total) + ")");
        }
    }

    /** The milestone amount when it is in (0, 1e9] within the token's precision, else null after reporting. */
    private static BigDecimal milestoneAmount(FieldCheck fields, int maxDecimals, String precisionOf) {
        BigDecimal amount = JsonValues.finiteNumber(fields.get("amount"));
        if (amount == null) {
            fields.fail("amount", "amount must be a number");
        } else if (amount.signum() <= 0) {
            fields.fail("amount", "amount must be greater than 0");
        } else if (amount.compareTo(JsonValues.MAX_AMOUNT) > 0) {
            fields.fail("amount", "amount must be at most 1000000000");
        } else if (JsonValues.fractionDigits(amount) > maxDecimals) {
            fields.fail("amount", "amount has more than " + maxDecimals + " decimals for " + precisionOf);
        } else {
            return amount;
        }
        return null;
    }

    private static boolean isDate(JsonNode node) {
        if (!node.isTextual() || !DATE.matcher(node.textValue()).matches()) {
            return false;
        }
        try {
            LocalDate.parse(node.textValue());
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static void splits(JsonNode splits, JsonNode parties, Issues issues) {
        if (JsonValues.isAbsent(splits)) {
            return;
        }
        if (!splits.isArray()) {
            issues.add(IssueCode.E_SPLITS, "$.payment.splits", "payment.splits must be an array");
            return;
        }
        Set<String> identifiers = new HashSet<>();
        if (parties != null && parties.isArray()) {
            for (JsonNode party : parties) {
                if (party.path("identifier").isTextual()) {
                    identifiers.add(party.get("identifier").textValue());
                }
            }
        }
        BigDecimal sum = BigDecimal.ZERO;
        boolean summable = true;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < splits.size(); i++) {
            JsonNode split = splits.get(i);
            String path = JsonValues.element("$.payment.splits", i);
            String prefix = "split " + i + ": ";
            if (!split.isObject()) {
                issues.add(IssueCode.E_SPLITS, path, prefix + "must be an object");
                summable = false;
                continue;
            }
            FieldCheck fields = new FieldCheck(split, path, prefix, IssueCode.E_SPLITS, issues);
            String party = fields.requiredText("party");
            if (party != null && !identifiers.contains(party)) {
                fields.fail("party", "unknown party '" + JsonValues.show(party) + "'");
            } else if (party != null && !seen.add(party)) {
                fields.fail("party", "duplicate party '" + JsonValues.show(party) + "'");
            }
            BigDecimal percentage = JsonValues.finiteNumber(split.get("percentage"));
            if (percentage == null || percentage.signum() <= 0 || percentage.compareTo(HUNDRED) > 0) {
                fields.fail("percentage", "percentage must be a number greater than 0 and at most 100");
                summable = false;
            } else if (JsonValues.fractionDigits(percentage) > MAX_PERCENTAGE_DECIMALS) {
                fields.fail("percentage", "percentage has more than " + MAX_PERCENTAGE_DECIMALS + " decimals");
                summable = false;
            } else {
                sum = sum.add(percentage);
            }
        }
        if (summable && !splits.isEmpty() && sum.compareTo(HUNDRED) != 0) {
            issues.add(IssueCode.E_SPLITS, "$.payment.splits",
                    "payment splits must sum to 100 (got " + JsonValues.plain(sum) + ")");
        }
    }

    private static void tiers(JsonNode payment, Issues issues) {
        JsonNode tiers = payment.get("tiers");
        int wellFormed = 0;
        if (!JsonValues.isAbsent(tiers)) {
            if (!tiers.isArray()) {
                issues.add(IssueCode.E_PAYMENT_INVALID, "$.payment.tiers", "payment.tiers must be an array");
            } else {
                for (int i = 0; i < tiers.size(); i++) {
                    JsonNode tier = tiers.get(i);
                    if (JsonValues.finiteNumber(tier.get("threshold")) != null
                            && JsonValues.finiteNumber(tier.get("rate")) != null) {
                        wellFormed++;
                    } else {
                        issues.add(IssueCode.E_PAYMENT_INVALID, JsonValues.element("$.payment.tiers", i),
                                "payment.tiers[" + i + "] must have a numeric threshold and rate");
                    }
                }
            }
        }
        boolean tiered = "tiered_commission".equals(payment.path("structure").textValue());
        if (tiered && !(wellFormed == 3 && tiers.size() == 3)) {
            issues.add(IssueCode.E_TIERS_INCOMPLETE, "$.payment.tiers", "Tiered commission requires all 3 tiers defined");
        }
    }
}
