package io.smart402.core.phase.x402;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.contract.CanonicalJson;
import io.smart402.core.contract.Contract;
import io.smart402.core.phase.PhaseException;
import io.smart402.core.phase.PhaseFixtures;
import io.smart402.core.phase.PhaseName;
import io.smart402.core.phase.PhaseResult;
import io.smart402.core.phase.PhaseResults;
import io.smart402.core.phase.scc.SccPhase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class X402PhaseTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Spec §2.4, Example A, V1 — verbatim. */
    private static final String EXAMPLE_A_V1 = """
            {"x402Version":1,"error":"X-PAYMENT header is required","accepts":[{"scheme":"exact","network":"polygon",
             "maxAmountRequired":"99000000","asset":"0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359",
             "payTo":"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
             "resource":"https://smart402.io/contracts/smart402:saas-subscription:cloudsuite-0001",
             "description":"Monthly SaaS Subscription","mimeType":"application/json",
             "maxTimeoutSeconds":300,"extra":{"name":"USDC","version":"2"}}]}
            """;

    private final X402Phase phase = new X402Phase();

    static PhaseResults before(Contract contract) {
        PhaseResults llmo = PhaseFixtures.beforeScc(contract);
        return llmo.with(new SccPhase().apply(contract, llmo));
    }

    private PhaseResult run(Contract contract) {
        return phase.apply(contract, before(contract));
    }

    private JsonNode example(String letter) {
        return run(PhaseFixtures.example(letter)).output();
    }

    private JsonNode json(String contract) {
        return run(PhaseFixtures.contract(contract)).output();
    }

    @Test
    void isNamedX402() {
        assertThat(phase.name()).isEqualTo(PhaseName.X402);
    }

    @Test
    void exampleAV1IsExactlyTheSpecObject() throws Exception {
        assertThat(example("a").path("paymentRequiredV1")).isEqualTo(MAPPER.readTree(EXAMPLE_A_V1));
    }

    @Test
    void v1KeysFollowTheSpecOrder() {
        JsonNode accepts = example("a").path("paymentRequiredV1").path("accepts").get(0);
        assertThat(names(example("a").path("paymentRequiredV1"))).containsExactly("x402Version", "error", "accepts");
        assertThat(names(accepts)).containsExactly("scheme", "network", "maxAmountRequired", "asset", "payTo",
                "resource", "description", "mimeType", "maxTimeoutSeconds", "extra");
    }

    @Test
    void atomicAmountsMatchGoldens() {
        assertThat(example("a").path("atomicAmount").textValue()).isEqualTo("99000000");
        assertThat(example("b").path("atomicAmount").textValue()).isEqualTo("1000000000");
        assertThat(example("c").path("atomicAmount").textValue()).isEqualTo("50000000000");
    }

    @Test
    void payToIsThePayeeWallet() {
        assertThat(example("a").path("payTo").textValue()).isEqualTo("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        assertThat(example("b").path("payTo").textValue()).isEqualTo("0xbDA5747bFD65F08deb54cb465eB87D40e51B197E");
        assertThat(example("c").path("payTo").textValue()).isEqualTo("0x8ba1f109551bD432803012645Ac136ddd64DBA72");
        assertThat(example("a").path("warnings")).isEmpty();
    }

    @Test
    void sameNetworkScoreMatchesGolden() {
        for (String letter : List.of("a", "b", "c")) {
            PhaseResult result = run(PhaseFixtures.example(letter));
            assertThat(result.score()).isCloseTo(0.857143, within(1e-6));
            assertThat(result.output().path("score").doubleValue()).isEqualTo(result.score());
        }
    }

    @Test
    void milestoneContractChargesTheFirstMilestone() {
        JsonNode v2 = example("b").path("paymentRequiredV2");
        assertThat(v2.path("resource").path("url").textValue())
                .isEqualTo("https://smart402.io/contracts/smart402:freelancer-escrow:webapp-2025-17/milestones/m1");
        assertThat(v2.path("resource").path("description").textValue())
                .isEqualTo("Web App Freelance Escrow \u2013 milestone m1: Architecture and setup");
        assertThat(v2.path("accepts").get(0).path("network").textValue()).isEqualTo("eip155:8453");
        assertThat(v2.path("accepts").get(0).path("asset").textValue())
                .isEqualTo("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913");
        assertThat(example("b").path("paymentRequiredV1").path("accepts").get(0).path("network").textValue())
                .isEqualTo("base");
    }

    @Test
    void networkWithoutV1NameHasNoV1Object() {
        JsonNode c = example("c");
        assertThat(c.path("paymentRequiredV1").isNull()).isTrue();
        assertThat(c.path("paymentRequiredV2").path("accepts").get(0).path("network").textValue())
                .isEqualTo("eip155:1");
    }

    @Test
    void v2HasTheSpecShapeAndOrder() {
        JsonNode v2 = example("a").path("paymentRequiredV2");
        assertThat(names(v2)).containsExactly("x402Version", "error", "resource", "accepts");
        assertThat(v2.path("error").textValue()).isEqualTo("PAYMENT-SIGNATURE header is required");
        assertThat(names(v2.path("resource"))).containsExactly("url", "description", "mimeType");
        assertThat(names(v2.path("accepts").get(0)))
                .containsExactly("scheme", "network", "amount", "asset", "payTo", "maxTimeoutSeconds", "extra");
        assertThat(v2.path("accepts").get(0).path("amount").textValue()).isEqualTo("99000000");
    }

    @Test
    void headerIsPaddedBase64OfTheCompactV2Json() throws Exception {
        JsonNode a = example("a");
        String header = a.path("paymentRequiredHeader").textValue();
        String decoded = new String(Base64.getDecoder().decode(header), StandardCharsets.UTF_8);
        assertThat(decoded).startsWith("{\"x402Version\":2,\"error\":\"PAYMENT-SIGNATURE header is required\","
                + "\"resource\":{\"url\":\"https://smart402.io/contracts/");
        assertThat(decoded).doesNotContain(" \"", "\n");
        assertThat(MAPPER.readTree(decoded)).isEqualTo(a.path("paymentRequiredV2"));
        assertThat(header.length() % 4).isZero();
    }

    @Test
    void headersForExampleA() {
        JsonNode headers = example("a").path("headers");
        assertThat(names(headers)).containsExactly("X402-Contract-ID", "X402-Payment-Amount", "X402-Payment-Token",
                "X402-Settlement-Network", "X402-Settlement-Address", "X402-Conditions-Met",
                "X402-Payment-Frequency", "X402-Nonce", "X402-Signature");
        assertThat(headers.path("X402-Contract-ID").textValue()).isEqualTo("smart402:saas-subscription:cloudsuite-0001");
        assertThat(headers.path("X402-Payment-Amount").textValue()).isEqualTo("99.00");
        assertThat(headers.path("X402-Payment-Token").textValue()).isEqualTo("USDC");
        assertThat(headers.path("X402-Settlement-Network").textValue()).isEqualTo("Polygon");
        assertThat(headers.path("X402-Settlement-Address").textValue())
                .isEqualTo("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        assertThat(headers.path("X402-Conditions-Met").textValue()).isEqualTo("false");
        assertThat(headers.path("X402-Payment-Frequency").textValue()).isEqualTo("monthly");
    }

    @Test
    void nonceAndSignatureAreDigestsOfTheContract() {
        Contract a = PhaseFixtures.example("a");
        JsonNode headers = run(a).output().path("headers");
        assertThat(headers.path("X402-Nonce").textValue())
                .isEqualTo(CanonicalJson.sha256Hex(a.digest() + ":nonce").substring(0, 32));
        List<String> lines = new ArrayList<>();
        headers.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("X402-Signature")) {
                lines.add(e.getKey() + ":" + e.getValue().textValue());
            }
        });
        assertThat(headers.path("X402-Signature").textValue())
                .isEqualTo("0x" + CanonicalJson.sha256Hex(String.join("\n", lines)));
    }

    @Test
    void disputeHeaderForMultisig() {
        assertThat(example("b").path("headers").path("X402-Dispute-Resolution").textValue())
                .isEqualTo("multisig-2-of-3");
        assertThat(example("b").path("headers").path("X402-Payment-Amount").textValue()).isEqualTo("5000.00");
        assertThat(example("c").path("headers").path("X402-Settlement-Network").textValue()).isEqualTo("Ethereum");
    }

    @Test
    void disputeFormats() {
        assertThat(X402Headers.dispute(new io.smart402.core.contract.Dispute("multisig", null, List.of("a", "b", "c",
                "d", "e")), 2)).contains("multisig-3-of-5");
        assertThat(X402Headers.dispute(new io.smart402.core.contract.Dispute("dao_vote", null, List.of()), 2))
                .contains("dao-vote");
        assertThat(X402Headers.dispute(new io.smart402.core.contract.Dispute("arbitrator", null, List.of()), 2))
                .contains("arbitrator");
    }

    @Test
    void contractWithoutRequiredConditionsIsMetWithEmptyConfirmations() {
        JsonNode headers = json("""
                {"type":"one-time-payment","parties":["buyer@x.example","seller@x.example"],
                 "payment":{"amount":0.1,"token":"USDC","frequency":"one-time","payTo":"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"}}
                """).path("headers");
        assertThat(headers.path("X402-Conditions-Met").textValue()).isEqualTo("true");
        assertThat(headers.path("X402-Payment-Amount").textValue()).isEqualTo("0.10");
        List<String> names = names(headers);
        assertThat(names.get(names.size() - 1)).isEqualTo("X402-Oracle-Confirmations");
        assertThat(headers.path("X402-Oracle-Confirmations").textValue()).isEmpty();
    }

    @Test
    void amountsKeepAtLeastTwoFractionDigits() {
        assertThat(X402Headers.amount(new java.math.BigDecimal("99"))).isEqualTo("99.00");
        assertThat(X402Headers.amount(new java.math.BigDecimal("0.1"))).isEqualTo("0.10");
        assertThat(X402Headers.amount(new java.math.BigDecimal("5E+3"))).isEqualTo("5000.00");
        assertThat(X402Headers.amount(new java.math.BigDecimal("1.234500"))).isEqualTo("1.2345");
        assertThat(X402Headers.amount(new java.math.BigDecimal("0"))).isEqualTo("0.00");
    }

    @Test
    void splitPlanSharesTheUnitAndGivesTheRemainderToTheFirst() {
        JsonNode plan = example("c").path("splitPlan");
        assertThat(plan).hasSize(2);
        assertThat(plan.get(0).path("party").textValue()).isEqualTo("supplier@pharma.example");
        assertThat(plan.get(0).path("atomic").textValue()).isEqualTo("30000000000");
        assertThat(plan.get(1).path("atomic").textValue()).isEqualTo("20000000000");
        assertThat(example("a").has("splitPlan")).isFalse();

        List<SplitPlan.Share> thirds = SplitPlan.of(List.of(
                new io.smart402.core.contract.Split("x", new java.math.BigDecimal("33.33")),
                new io.smart402.core.contract.Split("y", new java.math.BigDecimal("33.33")),
                new io.smart402.core.contract.Split("z", new java.math.BigDecimal("33.34"))),
                java.math.BigInteger.valueOf(100));
        assertThat(thirds).extracting(s -> s.atomic().intValue()).containsExactly(34, 33, 33);
    }

    @Test
    void executionChecks() {
        JsonNode a = example("a");
        assertThat(a.path("consensus")).isEqualTo(JsonNodeFactory.instance.objectNode().put("nodes", 7)
                .put("faultTolerance", 2).put("required", 5).put("votes", 5).put("passed", true));
        assertThat(a.path("route").path("path")).hasSize(1);
        assertThat(a.path("route").path("path").get(0).textValue()).isEqualTo("polygon");
        assertThat(a.path("route").path("cost").doubleValue()).isZero();
        assertThat(a.path("gasUsed").longValue()).isEqualTo(21000 + 102012);
        assertThat(a.path("executionStatus").textValue()).isEqualTo("awaiting_payment");
        Contract contract = PhaseFixtures.example("a");
        assertThat(a.path("simulatedTxHash").textValue())
                .isEqualTo("0x" + CanonicalJson.sha256Hex(contract.digest() + ":99000000"));
    }

    @Test
    void outputMembersComeInTheDocumentedOrder() {
        assertThat(names(example("c"))).containsExactly("paymentRequiredV1", "paymentRequiredV2",
                "paymentRequiredHeader", "headers", "splitPlan", "consensus", "route", "gasUsed", "simulatedTxHash",
                "executionStatus", "atomicAmount", "payTo", "warnings", "score");
    }

    @Test
    void crossChainPaymentIsRoutedAndCosted() {
        JsonNode out = json("""
                {"type":"payment","parties":["buyer@x.example","seller@x.example"],
                 "payment":{"amount":1000,"token":"USDC","blockchain":"arbitrum","sourceBlockchain":"polygon",
                  "frequency":"one-time","payTo":"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"}}
                """);
        double cost = 1 * 21000 + 1000.0 * (1000.0 / (2 * 300_000)) + 1000 * 0.0001 * 2;
        assertThat(out.path("route").path("path")).extracting(JsonNode::textValue).containsExactly("polygon", "arbitrum");
        assertThat(out.path("route").path("cost").doubleValue()).isCloseTo(cost, within(1e-9));
        assertThat(out.path("route").path("estimatedTime").doubleValue()).isEqualTo(3);
        assertThat(out.path("score").doubleValue())
                .isCloseTo(0.5 * 5 / 7 + 0.25 + 0.25 / (1 + cost / 1000), within(1e-12));
    }

    @Test
    void routeWithoutDirectLiquidityGoesThroughTheCheapestIntermediate() {
        PaymentRouter.Route route = PaymentRouter.route("optimism", "ethereum", 10).orElseThrow();
        assertThat(route.path()).containsExactly("optimism", "polygon", "ethereum");
        assertThat(route.estimatedTime()).isEqualTo(1 + 2 + 12);
    }

    @Test
    void networksOutsideTheRouterHaveNoRoute() {
        Contract contract = PhaseFixtures.contract("""
                {"type":"payment","parties":["buyer@x.example","seller@x.example"],
                 "payment":{"amount":10,"token":"USDC","blockchain":"base","sourceBlockchain":"ethereum",
                  "frequency":"one-time"}}
                """);
        assertThatThrownBy(() -> run(contract)).isInstanceOfSatisfying(PhaseException.class, e -> {
            assertThat(e.phase()).isEqualTo(PhaseName.X402);
            assertThat(e.code()).isEqualTo("X402_NO_ROUTE");
        });
    }

    @Test
    void payToWithoutAnyWalletIsDerivedAndFlagged() {
        JsonNode out = json("""
                {"type":"payment","parties":["buyer@x.example","seller@x.example"],
                 "payment":{"amount":10,"token":"DAI","frequency":"one-time"}}
                """);
        // one-time-payment: position 1 is the payee (seller).
        assertThat(out.path("payTo").textValue())
                .isEqualTo("0x" + CanonicalJson.sha256Hex("seller@x.example").substring(0, 40));
        assertThat(out.path("warnings")).extracting(w -> w.path("code").textValue())
                .containsExactly("W_PAYTO_DERIVED", "W_ASSET_SYMBOL");
        assertThat(out.path("warnings").get(0).path("path").textValue()).isEqualTo("$.payment.payTo");
        JsonNode accepts = out.path("paymentRequiredV1").path("accepts").get(0);
        assertThat(accepts.path("asset").textValue()).isEqualTo("DAI");
        assertThat(accepts.has("extra")).isFalse();
        assertThat(out.path("atomicAmount").textValue()).isEqualTo("10000000000000000000");
    }

    @Test
    void escrowAddressWinsOverWallets() {
        JsonNode out = json("""
                {"type":"escrow","parties":[{"identifier":"a","wallet":"0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"},"b"],
                 "payment":{"amount":10,"token":"USDC","frequency":"one-time","escrow":true,
                  "escrowAddress":"0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB"}}
                """);
        assertThat(out.path("payTo").textValue()).isEqualTo("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB");
    }

    @Test
    void failedSccVerificationStopsThePhase() {
        Contract a = PhaseFixtures.example("a");
        ObjectNode scc = JsonNodeFactory.instance.objectNode();
        scc.putObject("verification").put("isValid", false);
        PhaseResults earlier = PhaseFixtures.beforeScc(a).with(new PhaseResult(PhaseName.SCC, 0, scc));
        assertThatThrownBy(() -> phase.apply(a, earlier)).isInstanceOfSatisfying(PhaseException.class,
                e -> assertThat(e.code()).isEqualTo("SCC_VERIFICATION_FAILED"));
    }

    @Test
    void milestoneIdsAreEncodedIntoTheResourcePath() {
        assertThat(PaymentUnit.pathSegment("m 1/é")).isEqualTo("m%201%2F%C3%A9");
        assertThat(PaymentUnit.pathSegment("..")).isEqualTo("%2E%2E");
        assertThat(PaymentUnit.pathSegment("m1")).isEqualTo("m1");
    }

    @Test
    void outputIsDeterministic() {
        assertThat(example("b")).isEqualTo(example("b"));
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            names.add(it.next().getKey());
        }
        return names;
    }
}
