package io.smart402.core.phase.llmo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.contract.Condition;
import io.smart402.core.contract.Contract;
import io.smart402.core.contract.Metadata;
import io.smart402.core.contract.Oracle;
import io.smart402.core.contract.Party;
import io.smart402.core.contract.Payment;
import java.time.ZoneOffset;

/**
 * Assembles the UCL-1.0 document {@code llmo.ucl} (structure: framework/specs/llmo §2.1 and the JS
 * {@code UCLContract}; content rules: spec §2.2). Absent optional texts are {@code ""}, as the spec's
 * {@code dates} fields are.
 */
final class UclBuilder {

    static final String STANDARD = "UCL-1.0";
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private UclBuilder() {
    }

    static ObjectNode build(Contract contract, Roles roles, Schedule schedule, ArrayNode rules) {
        ObjectNode ucl = NODES.objectNode();
        ucl.put("contract_id", contract.id());
        ucl.put("version", contract.version());
        ucl.put("standard", STANDARD);
        ucl.set("summary", UclNarrative.summary(contract, roles, schedule));
        ucl.set("metadata", metadata(contract, schedule));
        ucl.set("payment", payment(contract.payment()));
        ObjectNode conditions = ucl.putObject("conditions");
        ArrayNode required = conditions.putArray("required");
        ArrayNode optional = conditions.putArray("optional");
        for (Condition condition : contract.conditions()) {
            (condition.required() ? required : optional).add(condition(condition));
        }
        ucl.set("rules", rules.deepCopy());
        ArrayNode oracles = ucl.putArray("oracles");
        for (Oracle oracle : contract.oracles()) {
            oracles.add(oracle(oracle));
        }
        contract.dispute().ifPresent(dispute -> {
            ObjectNode d = ucl.putObject("dispute");
            d.put("method", dispute.method());
            if (dispute.requiredSignatures() != null) {
                d.put("required_signatures", dispute.requiredSignatures());
            }
            ArrayNode signers = d.putArray("signers");
            dispute.signers().forEach(signers::add);
        });
        ucl.set("llm_instructions", UclNarrative.instructions(contract, schedule));
        return ucl;
    }

    /** The payment structure: as declared, else derived from the frequency. */
    static String structure(Payment payment) {
        if (payment.structure() != null) {
            return payment.structure();
        }
        return switch (payment.frequency() == null ? "" : payment.frequency()) {
            case "milestone" -> "milestone_based";
            case "daily", "weekly", "monthly", "yearly" -> "recurring";
            default -> "fixed_amount";
        };
    }

    private static ObjectNode metadata(Contract contract, Schedule schedule) {
        Metadata m = contract.metadata();
        ObjectNode metadata = NODES.objectNode();
        metadata.put("type", contract.type());
        metadata.put("category", contract.category());
        ArrayNode parties = metadata.putArray("parties");
        for (Party party : contract.parties()) {
            ObjectNode p = parties.addObject();
            p.put("role", party.role());
            p.put("identifier", party.identifier());
            p.put("name", orEmpty(party.name()));
        }
        ObjectNode dates = metadata.putObject("dates");
        dates.put("effective",
                m.createdAt() == null ? "" : m.createdAt().atOffset(ZoneOffset.UTC).toLocalDate().toString());
        dates.put("duration", orEmpty(m.duration()));
        dates.put("renewal", schedule.recurring()
                ? "auto-renew until cancelled with " + UclNarrative.notice(contract) + " notice"
                : "none");
        metadata.put("jurisdiction", orEmpty(m.jurisdiction()));
        metadata.put("governing_law", orEmpty(m.governingLaw()));
        return metadata;
    }

    private static ObjectNode payment(Payment payment) {
        ObjectNode out = NODES.objectNode();
        if (payment == null) {
            return out;
        }
        out.put("structure", structure(payment));
        out.put("amount", payment.amount());
        out.put("currency", payment.currency());
        out.put("token", payment.token());
        out.put("blockchain", payment.blockchain());
        out.put("frequency", payment.frequency());
        if ("monthly".equals(payment.frequency())) {
            out.put("day_of_month", payment.dayOfMonth() > 0 ? payment.dayOfMonth() : 1);
        } else {
            out.putNull("day_of_month");
        }
        out.put("timezone", "UTC");
        return out;
    }

    private static ObjectNode condition(Condition condition) {
        ObjectNode out = NODES.objectNode();
        out.put("id", condition.id());
        out.put("description", condition.description());
        out.put("source", condition.source());
        out.put("operator", condition.operator());
        if (condition.threshold() != null) {
            out.set("threshold", condition.threshold().deepCopy());
        }
        if (condition.expected() != null) {
            out.set("expected", condition.expected().deepCopy());
        }
        if (condition.metric() != null) {
            out.put("metric", condition.metric());
        }
        if (condition.type() != null) {
            out.put("type", condition.type());
        }
        return out;
    }

    private static ObjectNode oracle(Oracle oracle) {
        ObjectNode out = NODES.objectNode();
        out.put("id", oracle.id());
        out.put("type", oracle.type());
        if (oracle.endpoint() != null) {
            out.put("endpoint", oracle.endpoint());
        }
        if (oracle.address() != null) {
            out.put("address", oracle.address());
        }
        out.put("refresh_rate", oracle.refreshRate());
        out.put("required", oracle.required());
        return out;
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
