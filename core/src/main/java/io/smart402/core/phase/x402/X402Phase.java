package io.smart402.core.phase.x402;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.contract.CanonicalJson;
import io.smart402.core.contract.Contract;
import io.smart402.core.contract.Issue;
import io.smart402.core.phase.LlmoSummary;
import io.smart402.core.phase.Phase;
import io.smart402.core.phase.PhaseException;
import io.smart402.core.phase.PhaseName;
import io.smart402.core.phase.PhaseResult;
import io.smart402.core.phase.PhaseResults;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The X402 phase (spec §2.4): real x402 v1/v2 payment requirements, the project's {@code X402-*} headers, and
 * the original's execution checks (consensus, SCC verification, routing) as pure functions. Needs the LLMO
 * (title) and SCC (gas, verification) results.
 */
public final class X402Phase implements Phase {

    /** Base cost of the settlement transaction added to the contract's runtime gas. */
    static final long BASE_TX_GAS = 21_000;
    static final String EXECUTION_STATUS = "awaiting_payment";

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    @Override
    public PhaseName name() {
        return PhaseName.X402;
    }

    @Override
    public PhaseResult apply(Contract contract, PhaseResults earlier) {
        JsonNode scc = earlier.get(PhaseName.SCC).output();
        // REPO-FIX: the original demanded a "verified" flag SCC never set; SCC's own verdict is what counts.
        if (!scc.path("verification").path("isValid").asBoolean(false)) {
            throw new PhaseException(PhaseName.X402, "SCC_VERIFICATION_FAILED",
                    "the compiled contract did not pass verification");
        }
        String blockchain = contract.payment().blockchain();
        Network network = Network.of(blockchain).orElseThrow(() -> new PhaseException(PhaseName.X402, "INTERNAL",
                "unsupported blockchain '" + blockchain + "'"));
        PaymentUnit unit = unit(contract, LlmoSummary.of(contract, earlier).title());
        String source = contract.payment().sourceBlockchain() != null
                ? contract.payment().sourceBlockchain() : blockchain;
        double amount = unit.amount().doubleValue();
        PaymentRouter.Route route = PaymentRouter.route(source, blockchain, amount)
                .orElseThrow(() -> new PhaseException(PhaseName.X402, "X402_NO_ROUTE",
                        "no payment route from " + source + " to " + blockchain));

        List<Issue> warnings = new ArrayList<>();
        Payee payee = Payee.of(contract);
        if (payee.derived()) {
            warnings.add(new Issue("W_PAYTO_DERIVED", "$.payment.payTo",
                    "no payTo, escrow address or wallet given; payTo derived from SHA-256 of '"
                            + payee.derivedFrom() + "', which nobody holds a key for"));
        }
        Asset asset = Asset.of(contract.payment().token(), network);
        asset.warningIfAny().ifPresent(warnings::add);
        PaymentRequirements.Offer offer =
                new PaymentRequirements.Offer(network, unit, asset.asset(), payee.address(), asset.extra());
        Map<String, String> headers = X402Headers.of(contract, network, payee.address());
        Consensus consensus = Consensus.of(Consensus.DEFAULT_NODES);
        double score = X402Score.of(consensus, headers, route.cost(), amount);

        ObjectNode x402 = NODES.objectNode();
        ObjectNode v2 = PaymentRequirements.v2(offer);
        x402.set("paymentRequiredV1", orNull(PaymentRequirements.v1(offer)));
        x402.set("paymentRequiredV2", v2);
        x402.put("paymentRequiredHeader", PaymentRequirements.header(v2));
        ObjectNode headerNode = x402.putObject("headers");
        headers.forEach(headerNode::put);
        if (!contract.payment().splits().isEmpty()) {
            ArrayNode plan = x402.putArray("splitPlan");
            for (SplitPlan.Share share : SplitPlan.of(contract.payment().splits(), unit.atomic())) {
                plan.addObject().put("party", share.party()).put("percentage", share.percentage())
                        .put("atomic", share.atomic().toString());
            }
        }
        x402.set("consensus", NODES.objectNode().put("nodes", consensus.nodes())
                .put("faultTolerance", consensus.faultTolerance()).put("required", consensus.required())
                .put("votes", consensus.votes()).put("passed", consensus.passed()));
        ObjectNode routeNode = x402.putObject("route");
        route.path().forEach(routeNode.putArray("path")::add);
        routeNode.put("cost", route.cost()).put("estimatedTime", route.estimatedTime());
        x402.put("gasUsed", BASE_TX_GAS + scc.path("runtimeGasEstimate").asLong());
        x402.put("simulatedTxHash", "0x" + CanonicalJson.sha256Hex(contract.digest() + ":" + unit.atomic()));
        x402.put("executionStatus", EXECUTION_STATUS);
        x402.put("atomicAmount", unit.atomic().toString());
        x402.put("payTo", payee.address());
        ArrayNode warningNodes = x402.putArray("warnings");
        for (Issue warning : warnings) {
            warningNodes.addObject().put("code", warning.code()).put("path", warning.path())
                    .put("message", warning.message());
        }
        x402.put("score", score);
        return new PhaseResult(PhaseName.X402, score, x402);
    }

    private static PaymentUnit unit(Contract contract, String title) {
        try {
            return PaymentUnit.of(contract, title);
        } catch (ArithmeticException e) {
            // Validation (E_AMOUNT_PRECISION, E_MILESTONES) should have rejected this contract.
            throw new PhaseException(PhaseName.X402, "INTERNAL",
                    "amount has more fraction digits than " + contract.payment().token() + " allows");
        }
    }

    private static JsonNode orNull(ObjectNode node) {
        return node == null ? NODES.nullNode() : node;
    }
}
