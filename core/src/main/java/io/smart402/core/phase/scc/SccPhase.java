package io.smart402.core.phase.scc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.contract.CanonicalJson;
import io.smart402.core.contract.Contract;
import io.smart402.core.contract.Tokens;
import io.smart402.core.phase.LlmoSummary;
import io.smart402.core.phase.Phase;
import io.smart402.core.phase.PhaseException;
import io.smart402.core.phase.PhaseName;
import io.smart402.core.phase.PhaseResult;
import io.smart402.core.phase.PhaseResults;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/**
 * The SCC phase (spec §2.3): the original compiler's IR, pseudo-bytecode, storage layout and model-checked
 * properties, plus a Solidity source that compiles and real Keccak-256 selectors. Needs the LLMO result for
 * the doc comment.
 */
public final class SccPhase implements Phase {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    @Override
    public PhaseName name() {
        return PhaseName.SCC;
    }

    @Override
    public PhaseResult apply(Contract contract, PhaseResults earlier) {
        IrProgram program = IrProgram.of(contract);
        ContractVerifier.Verification verification =
                ContractVerifier.verify(KripkeStructure.CONTRACT, ContractVerifier.DEFAULT_PROPERTIES);
        if (!verification.isValid()) {
            throw new PhaseException(PhaseName.SCC, "SCC_VERIFICATION_FAILED",
                    "properties violated: " + verification.violations().stream()
                            .map(ContractVerifier.Violation::property).toList());
        }
        List<String> instructions = PseudoBytecode.instructions(program);
        String bytecodeHex = PseudoBytecode.hex(instructions);
        long runtimeGas = program.runtimeGasEstimate();
        StorageLayout layout = StorageLayout.of(program.declared());
        SolidityWriter.Output solidity = SolidityWriter.write(contract, LlmoSummary.of(contract, earlier),
                atomic(contract, contract.payment().amount()),
                contract.milestones().stream().map(m -> atomic(contract, m.amount())).toList());
        double score = SccScore.of(contract, verification, runtimeGas);

        ObjectNode scc = NODES.objectNode();
        scc.set("stateVariables", stateVariables(program));
        scc.set("functions", functions(program));
        scc.set("events", events(program));
        scc.put("runtimeGasEstimate", runtimeGas);
        scc.put("bytecodeHex", bytecodeHex);
        scc.put("deploymentCost", PseudoBytecode.deploymentCost(bytecodeHex));
        scc.set("selectors", selectors(Selectors.of(solidity.functions())));
        scc.put("eventTopic", Selectors.eventTopic(program.events().get(0).signature()));
        scc.set("storageLayout", storageLayout(layout));
        scc.set("verification", verification(verification));
        scc.put("soliditySource", solidity.source());
        scc.put("sourceSha256", CanonicalJson.sha256Hex(solidity.source()));
        scc.put("score", score);
        return new PhaseResult(PhaseName.SCC, score, scc);
    }

    private static BigInteger atomic(Contract contract, BigDecimal amount) {
        try {
            return Tokens.atomic(amount, contract.payment().token());
        } catch (ArithmeticException e) {
            // Validation (E_AMOUNT_PRECISION, E_MILESTONES) should have rejected this contract.
            throw new PhaseException(PhaseName.SCC, "INTERNAL",
                    "amount " + amount + " has more fraction digits than " + contract.payment().token() + " allows");
        }
    }

    private static ArrayNode stateVariables(IrProgram program) {
        ArrayNode out = NODES.arrayNode();
        for (IrProgram.StateVariable variable : program.declared()) {
            out.addObject().put("name", variable.name()).put("type", variable.type())
                    .put("visibility", "public").put("slot", variable.slot());
        }
        return out;
    }

    private static ArrayNode functions(IrProgram program) {
        ArrayNode out = NODES.arrayNode();
        for (IrProgram.Function function : program.functions()) {
            out.addObject().put("name", function.name()).put("returnType", function.returnType())
                    .put("body", function.body()).put("gas", function.gas());
        }
        return out;
    }

    private static ArrayNode events(IrProgram program) {
        ArrayNode out = NODES.arrayNode();
        for (IrProgram.Event event : program.events()) {
            ObjectNode node = out.addObject().put("name", event.name());
            event.parameters().forEach(node.putArray("parameters")::add);
            node.put("signature", event.signature());
        }
        return out;
    }

    private static ArrayNode selectors(List<Selectors.Entry> entries) {
        ArrayNode out = NODES.arrayNode();
        for (Selectors.Entry entry : entries) {
            out.addObject().put("function", entry.function()).put("signature", entry.signature())
                    .put("selector", entry.selector()).put("selectorSha256", entry.selectorSha256());
        }
        return out;
    }

    private static ObjectNode storageLayout(StorageLayout layout) {
        ObjectNode out = NODES.objectNode().put("slots", layout.slots());
        ArrayNode entries = out.putArray("entries");
        for (StorageLayout.Entry entry : layout.entries()) {
            entries.addObject().put("name", entry.name()).put("slot", entry.slot())
                    .put("offset", entry.offset()).put("size", entry.size());
        }
        out.put("efficiency", layout.efficiency());
        return out;
    }

    private static ObjectNode verification(ContractVerifier.Verification verification) {
        ObjectNode out = NODES.objectNode()
                .put("isValid", verification.isValid())
                .put("propertiesChecked", verification.propertiesChecked())
                .put("propertiesSatisfied", verification.propertiesSatisfied());
        ArrayNode violations = out.putArray("violations");
        for (ContractVerifier.Violation violation : verification.violations()) {
            violations.addObject().put("property", violation.property()).put("formula", violation.formula())
                    .put("severity", violation.severity());
        }
        return out;
    }
}
