package io.smart402.core.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Normalization (spec §1.8): legacy flat form, string parties, aliases, UCL condition form, defaults.
 * It tolerates any shape — values of the wrong type are left for the validator to report — and never
 * mutates its input.
 */
public final class Normalizer {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private static final Map<String, String> FREQUENCY_ALIASES = Map.of(
            "once", "one-time",
            "per_request", "per-request",
            "annual", "yearly",
            "annually", "yearly",
            "milestone-based", "milestone",
            "milestone_based", "milestone",
            "per_milestone", "milestone",
            "per_delivery", "on-delivery",
            "on_delivery", "on-delivery",
            "per_incident", "per-incident");

    private static final Map<String, String> NETWORK_ALIASES = Map.of(
            "matic", "polygon",
            "mainnet", "ethereum",
            "eth", "ethereum",
            "arbitrum-one", "arbitrum");

    private static final Map<String, String> OPERATOR_ALIASES = Map.of(
            "eq", "equals",
            "ne", "not_equals",
            "gt", "greater_than",
            "lt", "less_than",
            "gte", "greater_than_or_equal",
            "lte", "less_than_or_equal");

    /** The result of normalization: the normalized document and the warnings only normalization can see. */
    public record Normalized(ObjectNode json, List<Issue> warnings) {
        public Normalized {
            warnings = List.copyOf(warnings);
        }
    }

    private Normalizer() {
    }

    /** Normalizes a parsed JSON object; the input is not modified. */
    public static Normalized normalize(ObjectNode input) {
        ObjectNode c = input.deepCopy();
        List<Issue> warnings = new ArrayList<>();
        legacyPayment(c);
        ContractType type = ContractType.resolve(c.path("type").textValue());
        parties(c, type);
        payment(c, warnings);
        conditions(c);
        oracles(c);
        if (!c.hasNonNull("version")) {
            c.put("version", "1.0.0");
        }
        return new Normalized(c, warnings);
    }

    private static void legacyPayment(ObjectNode c) {
        if (!c.hasNonNull("payment") && c.hasNonNull("amount")) {
            ObjectNode payment = NODES.objectNode();
            payment.set("amount", c.get("amount"));
            payment.put("currency", "USD");
            payment.put("token", "USDC");
            payment.put("blockchain", "polygon");
            payment.put("frequency", "one-time");
            c.remove("amount");
            c.set("payment", payment);
        }
    }

    private static void parties(ObjectNode c, ContractType type) {
        if (!(c.get("parties") instanceof ArrayNode parties)) {
            return;
        }
        for (int i = 0; i < parties.size(); i++) {
            JsonNode party = parties.get(i);
            if (party.isTextual()) {
                ObjectNode object = NODES.objectNode();
                object.put("role", type.roleAtPosition(i));
                object.put("identifier", party.textValue());
                parties.set(i, object);
            } else if (party instanceof ObjectNode object && !object.hasNonNull("role")) {
                object.put("role", type.roleAtPosition(i));
            }
        }
    }

    private static void payment(ObjectNode c, List<Issue> warnings) {
        if (!(c.get("payment") instanceof ObjectNode payment)) {
            return;
        }
        alias(payment, "frequency", FREQUENCY_ALIASES, false);
        alias(payment, "blockchain", NETWORK_ALIASES, true);
        alias(payment, "sourceBlockchain", NETWORK_ALIASES, true);
        if (!payment.hasNonNull("currency")) {
            payment.put("currency", "USD");
            warnings.add(new Issue("W_CURRENCY_MISSING", "$.payment.currency", "currency should be specified"));
        }
        if (!payment.hasNonNull("blockchain")) {
            payment.put("blockchain", "polygon");
        }
        // Defaulting from an unsupported blockchain would invent a second error on a member the author never wrote.
        if (!payment.hasNonNull("sourceBlockchain")
                && ContractVocabulary.NETWORKS.contains(payment.get("blockchain").asText())) {
            payment.set("sourceBlockchain", payment.get("blockchain"));
        }
        if ("monthly".equals(payment.path("frequency").textValue()) && !payment.hasNonNull("dayOfMonth")) {
            payment.put("dayOfMonth", 1);
        }
        if (!payment.hasNonNull("escrow")) {
            payment.put("escrow", false);
        }
    }

    private static void conditions(ObjectNode c) {
        JsonNode conditions = c.get("conditions");
        if (conditions instanceof ObjectNode ucl && isUclForm(ucl)) {
            // UCL form {required:[…], optional:[…]} flattens into one list with the required flag set.
            ArrayNode flat = NODES.arrayNode();
            flattenInto(flat, ucl.get("required"), true);
            flattenInto(flat, ucl.get("optional"), false);
            c.set("conditions", flat);
            conditions = flat;
        }
        if (conditions instanceof ArrayNode list) {
            for (JsonNode condition : list) {
                if (condition instanceof ObjectNode object) {
                    alias(object, "operator", OPERATOR_ALIASES, false);
                    if (!object.hasNonNull("required")) {
                        object.put("required", true);
                    }
                }
            }
        }
    }

    /** {@code {required?: [...], optional?: [...]}} and nothing else; other objects are left for the validator. */
    private static boolean isUclForm(ObjectNode ucl) {
        for (var it = ucl.fields(); it.hasNext(); ) {
            var member = it.next();
            boolean known = member.getKey().equals("required") || member.getKey().equals("optional");
            if (!known || !(member.getValue().isArray() || member.getValue().isNull())) {
                return false;
            }
        }
        return true;
    }

    private static void flattenInto(ArrayNode flat, JsonNode part, boolean required) {
        if (part instanceof ArrayNode items) {
            for (JsonNode item : items) {
                if (item instanceof ObjectNode object) {
                    object.put("required", required);
                }
                flat.add(item);
            }
        }
    }

    private static void oracles(ObjectNode c) {
        if (c.get("oracles") instanceof ArrayNode oracles) {
            for (JsonNode oracle : oracles) {
                if (oracle instanceof ObjectNode object) {
                    if (!object.hasNonNull("refreshRate")) {
                        object.put("refreshRate", "1 hour");
                    }
                    if (!object.hasNonNull("required")) {
                        object.put("required", true);
                    }
                }
            }
        }
    }

    private static void alias(ObjectNode object, String field, Map<String, String> aliases, boolean lowerCase) {
        JsonNode value = object.get(field);
        if (value != null && value.isTextual()) {
            String text = lowerCase ? value.textValue().toLowerCase(Locale.ROOT) : value.textValue();
            object.put(field, aliases.getOrDefault(text, text));
        }
    }
}
