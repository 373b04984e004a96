package io.smart402.core.phase.llmo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.contract.Contract;
import io.smart402.core.contract.Issue;
import io.smart402.core.phase.Phase;
import io.smart402.core.phase.PhaseName;
import io.smart402.core.phase.PhaseResult;
import io.smart402.core.phase.PhaseResults;
import java.util.List;
import java.util.Objects;

/**
 * The LLMO phase (spec §2.2): understanding score, semantic parse, encoding summary and the Universal Contract
 * Language document with its four layers, computed without reading the AEO result.
 */
public final class LlmoPhase implements Phase {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    @Override
    public PhaseName name() {
        return PhaseName.LLMO;
    }

    @Override
    public PhaseResult apply(Contract contract, PhaseResults earlier) {
        Objects.requireNonNull(contract, "contract");
        List<LlmoText.Clause> clauses = LlmoText.clauses(contract);
        Understanding understanding = Understanding.of(clauses);
        Roles roles = Roles.of(contract);
        Schedule schedule = Schedule.of(contract.payment());
        ObjectNode ucl = UclBuilder.build(contract, roles, schedule, UclRules.build(contract, roles, schedule));

        ObjectNode llmo = NODES.objectNode();
        llmo.put("score", understanding.score());
        understanding.write(llmo.putObject("understanding"));
        SemanticParser.parse(LlmoText.of(contract)).write(llmo.putObject("semantic"));
        ContractEncoder.encode(contract).write(llmo.putObject("encoding"));
        llmo.set("ucl", ucl);
        llmo.set("layers", Layers.build(contract, ucl, clauses));
        llmo.set("validation", validation(contract));
        return new PhaseResult(PhaseName.LLMO, understanding.score(), llmo);
    }

    /** Processed contracts passed validation; only their warnings remain to report. */
    private static ObjectNode validation(Contract contract) {
        ObjectNode validation = NODES.objectNode();
        validation.put("valid", true);
        validation.putArray("errors");
        ArrayNode warnings = validation.putArray("warnings");
        for (Issue issue : contract.warnings()) {
            ObjectNode w = warnings.addObject();
            w.put("code", issue.code());
            w.put("path", issue.path());
            w.put("message", issue.message());
        }
        return validation;
    }
}
