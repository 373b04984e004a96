package io.smart402.core.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Binds a normalized, validated JSON document to a {@link Contract}; generates the id when absent (spec §1.7). */
final class ContractBinder {

    private ContractBinder() {
    }

    /**
     * @param normalized the reader's own normalized copy of the input, which becomes the contract's document (the
     *                   id may be added or a null id removed): no other reference to it may be kept
     */
    static Contract bind(ObjectNode normalized, List<Issue> warnings) {
        // Not copied again: the normalizer already copied the input, and the validator only reads this tree.
        ObjectNode document = normalized;
        Contract.Builder b = new Contract.Builder();
        b.type = text(document, "type");
        if (!document.hasNonNull("id")) {
            // "id": null counts as absent; it must not be hashed, nor copied back over the generated id below
            document.remove("id");
            String hex16 = CanonicalJson.sha256(document).substring(0, 16);
            // Generated ids go first so stored documents read naturally.
            ObjectNode withId = document.objectNode();
            withId.put("id", "smart402:" + ContractType.resolve(b.type).canonicalName() + ":" + hex16);
            withId.setAll(document);
            document = withId;
        }
        b.id = text(document, "id");
        b.version = text(document, "version");
        b.parties = list(document.get("parties"), p -> new Party(
                text(p, "role"), text(p, "identifier"), text(p, "name"), text(p, "wallet")));
        b.payment = payment(document.get("payment"));
        b.conditions = list(document.get("conditions"), c -> new Condition(
                text(c, "id"), text(c, "description"), text(c, "source"), text(c, "operator"),
                c.get("threshold"), c.get("expected"), text(c, "metric"), text(c, "type"),
                c.path("required").asBoolean(true)));
        b.oracles = list(document.get("oracles"), o -> new Oracle(
                text(o, "id"), text(o, "type"), text(o, "endpoint"), text(o, "address"),
                text(o, "refreshRate"), o.path("required").asBoolean(true)));
        b.milestones = list(document.get("milestones"), m -> new Milestone(
                text(m, "id"), text(m, "title"), decimal(m.get("amount")), text(m, "dueDate"),
                strings(m.get("deliverables"))));
        JsonNode dispute = document.get("dispute");
        if (dispute != null && dispute.isObject()) {
            JsonNode required = dispute.get("requiredSignatures");
            b.dispute = new Dispute(text(dispute, "method"),
                    required != null && required.canConvertToInt() ? required.intValue() : null,
                    strings(dispute.get("signers")));
        }
        JsonNode metadata = document.path("metadata");
        b.description = text(document, "description") != null
                ? text(document, "description") : text(metadata, "description");
        b.terms = text(document, "terms");
        b.obligations = strings(document.get("obligations"));
        b.metadata = metadata(metadata);
        b.targetQuery = text(document, "target_query") != null ? text(document, "target_query") : b.type;
        b.digest = CanonicalJson.sha256(document);
        b.warnings = warnings;
        b.document = document;
        return new Contract(b);
    }

    private static Payment payment(JsonNode p) {
        return new Payment(decimal(p.get("amount")), text(p, "currency"), text(p, "token"), text(p, "blockchain"),
                text(p, "sourceBlockchain"), text(p, "frequency"),
                "monthly".equals(text(p, "frequency")) ? p.path("dayOfMonth").asInt(0) : 0,
                p.path("escrow").asBoolean(false), text(p, "escrowAddress"), text(p, "payTo"),
                list(p.get("splits"), s -> new Split(text(s, "party"), decimal(s.get("percentage")))),
                text(p, "structure"),
                list(p.get("tiers"), t -> new Tier(decimal(t.get("threshold")), decimal(t.get("rate")))));
    }

    private static Metadata metadata(JsonNode m) {
        return new Metadata(text(m, "title"), text(m, "description"), text(m, "category"),
                strings(m.get("tags")), strings(m.get("keywords")), text(m, "jurisdiction"),
                text(m, "governingLaw"), text(m, "duration"), text(m, "industry"), strings(m.get("platforms")),
                instant(m.get("createdAt")), instant(m.get("updatedAt")), instant(m.get("asOf")),
                list(m.get("citations"), ContractBinder::instant).stream().filter(i -> i != null).toList(),
                m.path("creatorVerified").asBoolean(false), m.path("deployments").asLong(0),
                m.path("avgRating").asDouble(0), m.path("audited").asBoolean(false),
                m.path("smartContractEnabled").asBoolean(false));
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    static BigDecimal decimal(JsonNode node) {
        return node != null && node.isNumber() ? node.decimalValue() : null;
    }

    static Instant instant(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        try {
            return IsoInstant.parse(node.textValue());
        } catch (DateTimeParseException e) {
            return null; // the validator reports malformed instants; the phases treat them as absent
        }
    }

    private static List<String> strings(JsonNode array) {
        return list(array, n -> n.isTextual() ? n.textValue() : null).stream().filter(s -> s != null).toList();
    }

    private static <T> List<T> list(JsonNode array, Function<JsonNode, T> element) {
        if (array == null || !array.isArray()) {
            return List.of();
        }
        List<T> out = new ArrayList<>(array.size());
        for (JsonNode item : array) {
            out.add(element.apply(item));
        }
        return out;
    }
}
