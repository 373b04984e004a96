package io.smart402.core.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * {@code payment} (spec §1.3): presence, amount, token, networks, frequency, day of month, and the
 * PROPOSAL type checks of the remaining members (E_PAYMENT_INVALID). Splits and tiers are {@link ScheduleRules}.
 */
final class PaymentRules implements ContractRule {

    private static final Pattern CURRENCY = Pattern.compile("^[A-Z]{3}$");

    @Override
    public void check(ObjectNode c, Issues issues) {
        JsonNode payment = c.get("payment");
        if (JsonValues.isAbsent(payment)) {
            issues.add(IssueCode.E_PAYMENT_MISSING, "$.payment", "payment is required");
            return;
        }
        if (!payment.isObject()) {
            issues.add(IssueCode.E_PAYMENT_INVALID, "$.payment", "payment must be an object");
            return;
        }
        String token = token(payment, issues);
        amount(payment, token, issues);
        network(payment, "blockchain", issues);
        network(payment, "sourceBlockchain", issues);
        String frequency = frequency(payment, issues);
        if ("monthly".equals(frequency)) {
            Integer day = JsonValues.exactInt(payment.get("dayOfMonth"));
            if (day == null || day < 1 || day > 28) {
                issues.add(IssueCode.E_DAY_OF_MONTH, "$.payment.dayOfMonth", "payment.dayOfMonth must be between 1 and 28");
            }
        }

        FieldCheck fields = new FieldCheck(payment, "$.payment", "payment.", IssueCode.E_PAYMENT_INVALID, issues);
        JsonNode currency = payment.get("currency");
        if (!JsonValues.isAbsent(currency) && !(currency.isTextual() && CURRENCY.matcher(currency.textValue()).matches())) {
            fields.fail("currency", "currency must be a 3-letter ISO-4217 code");
        }
        fields.optionalBoolean("escrow");
        fields.optionalAddress("escrowAddress");
        fields.optionalAddress("payTo");
        fields.optionalOneOf("structure", ContractVocabulary.STRUCTURES);
    }

    /** Reports token problems; returns the token when it is a valid symbol. */
    private static String token(JsonNode payment, Issues issues) {
        JsonNode token = payment.get("token");
        if (JsonValues.isAbsent(token) || token.isTextual() && token.textValue().isEmpty()) {
            issues.add(IssueCode.E_TOKEN_MISSING, "$.payment.token", "payment.token is required");
            return null;
        }
        if (!token.isTextual() || !ContractVocabulary.isValidToken(token.textValue())) {
            issues.add(IssueCode.E_TOKEN_INVALID, "$.payment.token", "payment.token is invalid");
            return null;
        }
        return token.textValue();
    }

    private static void amount(JsonNode payment, String token, Issues issues) {
        BigDecimal amount = JsonValues.finiteNumber(payment.get("amount"));
        if (amount == null) {
            issues.add(IssueCode.E_AMOUNT_INVALID, "$.payment.amount", "payment.amount must be a number");
            return;
        }
        if (amount.signum() < 0) {
            issues.add(IssueCode.E_AMOUNT_NEGATIVE, "$.payment.amount", "payment amount cannot be negative");
        }
        if (amount.compareTo(JsonValues.MAX_AMOUNT) > 0) {
            issues.add(IssueCode.E_AMOUNT_RANGE, "$.payment.amount", "payment.amount must be at most 1000000000");
        }
        OptionalInt decimals = ContractVocabulary.decimals(token);
        if (decimals.isPresent() && JsonValues.fractionDigits(amount) > decimals.getAsInt()) {
            issues.add(IssueCode.E_AMOUNT_PRECISION, "$.payment.amount",
                    "payment.amount has more than " + decimals.getAsInt() + " decimals for " + token);
        }
    }

    private static void network(JsonNode payment, String field, Issues issues) {
        JsonNode network = payment.get(field);
        // the normalizer fills blockchain, and sourceBlockchain from a supported blockchain
        if (!JsonValues.isAbsent(network) && !(network.isTextual() && ContractVocabulary.NETWORKS.contains(network.textValue()))) {
            issues.add(IssueCode.E_NETWORK_UNSUPPORTED, "$.payment." + field,
                    "unsupported blockchain '" + JsonValues.show(network) + "'");
        }
    }

    private static String frequency(JsonNode payment, Issues issues) {
        JsonNode frequency = payment.get("frequency");
        if (JsonValues.isAbsent(frequency)) {
            issues.add(IssueCode.E_FREQUENCY_INVALID, "$.payment.frequency", "payment.frequency is required");
            return null;
        }
        if (!frequency.isTextual() || !ContractVocabulary.FREQUENCIES.contains(frequency.textValue())) {
            issues.add(IssueCode.E_FREQUENCY_INVALID, "$.payment.frequency",
                    "unsupported payment frequency '" + JsonValues.show(frequency) + "'");
            return null;
        }
        return frequency.textValue();
    }
}
