package io.smart402.core.phase.llmo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.contract.Contract;
import io.smart402.core.contract.Party;
import io.smart402.core.contract.Payment;
import java.util.List;

/**
 * The four UCL layers under the names of the repo's JS implementation (spec §2.2). The blockchain layer is the
 * interface the SCC phase emits: contract name, function signatures and the event.
 */
final class Layers {

    static final String EXECUTED_EVENT = "ContractExecuted(uint256,address)";
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private Layers() {
    }

    static ObjectNode build(Contract contract, ObjectNode ucl, List<LlmoText.Clause> clauses) {
        ObjectNode layers = NODES.objectNode();
        ObjectNode summary = (ObjectNode) ucl.get("summary");
        layers.put("human_readable", summary.get("plain_english").textValue());
        layers.set("llm_structured", structured(contract, summary, clauses));
        layers.set("machine_executable", ucl.get("rules").deepCopy());
        layers.set("blockchain_compilable", blockchain(contract));
        return layers;
    }

    /** {@code {contractName, functions[], events[]}}; {@code releaseMilestone} only for contracts with milestones. */
    static ObjectNode blockchain(Contract contract) {
        ObjectNode out = NODES.objectNode();
        out.put("contractName", LlmoFormat.pascalCase(contract.canonicalType()) + "Contract");
        ArrayNode functions = out.putArray("functions");
        functions.add("execute()");
        functions.add("verifyConditions()");
        functions.add("reportCondition(bytes32,bool)");
        if (!contract.milestones().isEmpty()) {
            functions.add("releaseMilestone(uint256)");
        }
        out.putArray("events").add(EXECUTED_EVENT);
        return out;
    }

    private static ObjectNode structured(Contract contract, ObjectNode summary, List<LlmoText.Clause> clauses) {
        ObjectNode out = NODES.objectNode();
        out.put("summary", summary.get("what_it_does").textValue());
        ArrayNode parties = out.putArray("parties");
        for (Party party : contract.parties()) {
            ObjectNode p = parties.addObject();
            p.put("role", party.role());
            p.put("identifier", party.identifier());
        }
        ArrayNode terms = out.putArray("terms");
        for (LlmoText.Clause clause : clauses) {
            terms.add(clause.text().strip());
        }
        Payment payment = contract.payment();
        ObjectNode p = out.putObject("payment");
        if (payment != null) {
            p.put("amount", payment.amount());
            p.put("currency", payment.currency());
            p.put("token", payment.token());
            p.put("blockchain", payment.blockchain());
        }
        out.put("frequency", payment == null ? null : payment.frequency());
        return out;
    }
}
