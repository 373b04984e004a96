package io.smart402.core.phase.scc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.smart402.core.contract.CanonicalJson;
import io.smart402.core.contract.Contract;
import io.smart402.core.phase.PhaseFixtures;
import io.smart402.core.phase.PhaseName;
import io.smart402.core.phase.PhaseResult;
import io.smart402.core.phase.PhaseResults;
import io.smart402.core.phase.llmo.LlmoPhase;
import org.junit.jupiter.api.Test;

class SccPhaseTest {

    private final SccPhase phase = new SccPhase();

    private PhaseResult run(Contract contract) {
        return phase.apply(contract, PhaseFixtures.beforeScc(contract));
    }

    private PhaseResult example(String letter) {
        return run(PhaseFixtures.example(letter));
    }

    @Test
    void isNamedScc() {
        assertThat(phase.name()).isEqualTo(PhaseName.SCC);
    }

    @Test
    void runtimeGasEstimateMatchesGoldens() {
        assertThat(example("a").output().path("runtimeGasEstimate").longValue()).isEqualTo(102012);
        assertThat(example("b").output().path("runtimeGasEstimate").longValue()).isEqualTo(122012);
        assertThat(example("c").output().path("runtimeGasEstimate").longValue()).isEqualTo(122012);
    }

    @Test
    void exampleABytecodeIsThreeStoresAndTwoLabels() {
        JsonNode scc = example("a").output();
        assertThat(scc.path("bytecodeHex").textValue())
                .isEqualTo("505553485353544f".repeat(3) + "4c4142454a554d50".repeat(2));
        assertThat(scc.path("deploymentCost").longValue()).isEqualTo(200 * 40);
    }

    @Test
    void bytecodeIsTruncatedToOneHundredHexCharacters() {
        Contract four = PhaseFixtures.contract("""
                {"type":"custom-deal","parties":["a","b","c","d"],
                 "payment":{"amount":1,"token":"USDC","frequency":"one-time"}}""");
        JsonNode scc = run(four).output();
        // 5 variables × 16 + 2 functions × 16 = 112 hex characters before truncation.
        assertThat(scc.path("bytecodeHex").textValue()).hasSize(100);
        assertThat(scc.path("deploymentCost").longValue()).isEqualTo(200 * 50);
    }

    @Test
    void sccScoresMatchGoldens() {
        assertThat(example("a").score()).isCloseTo(0.897988, within(1e-6));
        assertThat(example("b").score()).isCloseTo(0.794655, within(1e-6));
        assertThat(example("c").score()).isCloseTo(0.877988, within(1e-6));
        assertThat(example("a").output().path("score").doubleValue()).isEqualTo(example("a").score());
    }

    @Test
    void stateVariablesArePartiesByIndexThenAmount() {
        JsonNode variables = example("b").output().path("stateVariables");
        assertThat(variables).hasSize(4);
        assertThat(variables.get(0).path("name").textValue()).isEqualTo("party_0");
        assertThat(variables.get(2).path("name").textValue()).isEqualTo("party_2");
        assertThat(variables.get(3).path("name").textValue()).isEqualTo("amount");
        assertThat(variables.get(3).path("type").textValue()).isEqualTo("uint256");
        assertThat(variables.get(3).path("slot").intValue()).isEqualTo(3);
    }

    @Test
    void functionsCostTwentyOneThousandAndSix() {
        JsonNode functions = example("a").output().path("functions");
        assertThat(functions).hasSize(2);
        assertThat(functions.get(0).path("name").textValue()).isEqualTo("execute");
        assertThat(functions.get(1).path("name").textValue()).isEqualTo("verify_conditions");
        assertThat(functions.get(0).path("gas").intValue()).isEqualTo(21006);
        assertThat(functions.get(1).path("gas").intValue()).isEqualTo(21006);
    }

    @Test
    void storageLayoutPacksAmountFirstThenOneAddressPerSlot() {
        JsonNode layout = example("a").output().path("storageLayout");
        assertThat(layout.path("slots").intValue()).isEqualTo(3);
        assertThat(layout.path("efficiency").doubleValue()).isEqualTo(576.0 / 768);
        JsonNode first = layout.path("entries").get(0);
        assertThat(first.path("name").textValue()).isEqualTo("amount");
        assertThat(first.path("size").intValue()).isEqualTo(256);
        JsonNode third = layout.path("entries").get(2);
        assertThat(third.path("name").textValue()).isEqualTo("party_1");
        assertThat(third.path("slot").intValue()).isEqualTo(2);
        assertThat(third.path("offset").intValue()).isZero();
        assertThat(third.path("size").intValue()).isEqualTo(160);
    }

    @Test
    void verificationHoldsForTheFixedModel() {
        JsonNode verification = example("c").output().path("verification");
        assertThat(verification.path("isValid").booleanValue()).isTrue();
        assertThat(verification.path("propertiesChecked").intValue()).isEqualTo(3);
        assertThat(verification.path("propertiesSatisfied").intValue()).isEqualTo(3);
        assertThat(verification.path("violations")).isEmpty();
    }

    @Test
    void selectorsPairTheOriginalSha256WithRealKeccak() {
        JsonNode selectors = example("b").output().path("selectors");
        assertThat(selectors).extracting(s -> s.path("signature").textValue()).containsExactly(
                "reportCondition(bytes32,bool)", "verifyConditions()", "execute()",
                "milestoneAmount(uint256)", "releaseMilestone(uint256)");
        JsonNode execute = selectors.get(2);
        assertThat(execute.path("selector").textValue()).isEqualTo(Keccak256.selector("execute()"));
        assertThat(execute.path("selectorSha256").textValue())
                .isEqualTo(CanonicalJson.sha256Hex("execute()").substring(0, 8));
        assertThat(selectors.get(1).path("selectorSha256").textValue())
                .isEqualTo(CanonicalJson.sha256Hex("verify_conditions()").substring(0, 8));
        assertThat(example("a").output().path("eventTopic").textValue())
                .isEqualTo("0x" + Keccak256.hex("ContractExecuted(uint256,address)"));
    }

    @Test
    void sourceHashCoversTheSource() {
        JsonNode scc = example("a").output();
        assertThat(scc.path("sourceSha256").textValue())
                .isEqualTo(CanonicalJson.sha256Hex(scc.path("soliditySource").textValue()));
    }

    @Test
    void outputIsDeterministic() {
        assertThat(example("b").output()).isEqualTo(example("b").output());
    }

    @Test
    void docCommentCarriesTheRealLlmoSummary() {
        Contract a = PhaseFixtures.example("a");
        PhaseResults earlier = PhaseResults.empty().with(new LlmoPhase().apply(a, PhaseResults.empty()));
        String source = phase.apply(a, earlier).output().path("soliditySource").textValue();
        assertThat(source).contains(" * @title Monthly SaaS Subscription\n");
        assertThat(source).contains(" * @notice This saas-subscription contract between billing(at)cloudsuite.example");
    }

    @Test
    void exampleASourceDeclaresPartiesAmountAndConditions() {
        String source = example("a").output().path("soliditySource").textValue();
        assertThat(source).startsWith("// SPDX-License-Identifier: MIT\npragma solidity ^0.8.20;\n")
                .contains("contract SaasSubscriptionContract {\n")
                .contains("    address public vendor = 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed;\n")
                .contains("    uint256 public paymentAmount = 99000000;\n")
                .contains("    bytes32 public constant COND_SERVICE_ACTIVE = 0x" + Keccak256.hex("service_active") + ";\n")
                .contains("    function reportCondition(bytes32 conditionId, bool met) external {\n")
                .doesNotContain("\r", "\t", "releaseMilestone");
    }

    @Test
    void hostileTextCannotBreakTheSource() {
        Contract hostile = PhaseFixtures.contract("""
                {"type":"custom-deal","parties":[
                  {"role":"contract","identifier":"a"},{"role":"1st party","identifier":"b"},
                  {"role":"vendor","identifier":"c"},{"role":"vendor","identifier":"d"},
                  {"role":"fournisseur-é","identifier":"e"},{"role":"msg","identifier":"f"}],
                 "payment":{"amount":1000000000,"token":"DAI","frequency":"one-time"},
                 "conditions":[{"id":"contract","description":"*/ selfdestruct(x); /*","source":"s","operator":"equals","expected":true}],
                 "metadata":{"title":"Evil */ title\\nwith @author and \\u202e"}}""");
        String source = run(hostile).output().path("soliditySource").textValue();
        assertThat(source).contains("    address public contract_;\n", "    address public p_1st_party;\n",
                "    address public vendor;\n", "    address public vendor_2;\n",
                "    address public fournisseur_e;\n", "    address public msg_;\n",
                " * @title Evil * / title with (at)author and \\u{202e}\n",
                "COND_CONTRACT", "    uint256 public paymentAmount = 1000000000000000000000000000;\n");
        assertThat(source.split("\\*/", -1)).as("only the doc comment closes a block comment").hasSize(2);
        assertThat(source.chars().allMatch(c -> c == '\n' || (c >= 0x20 && c < 0x7f))).isTrue();
    }
}
