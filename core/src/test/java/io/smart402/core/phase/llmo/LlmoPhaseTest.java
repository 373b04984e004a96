package io.smart402.core.phase.llmo;

import static io.smart402.core.phase.ExampleContracts.example;
import static io.smart402.core.phase.ExampleContracts.fromJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.smart402.core.contract.CanonicalJson;
import io.smart402.core.contract.Contract;
import io.smart402.core.phase.PhaseName;
import io.smart402.core.phase.PhaseResult;
import io.smart402.core.phase.PhaseResults;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class LlmoPhaseTest {

    private static final Offset<Double> SPEC = within(1e-6);
    private static final Offset<Double> ENCODING = within(1e-9);

    private final LlmoPhase phase = new LlmoPhase();

    /** The LLMO rows of spec §2.5 for one example. */
    record Golden(String example, double u, int words, int unique, double scoreSum) {
    }

    static Stream<Golden> goldens() {
        return Stream.of(
                new Golden("example-a", 0.709174, 56, 43, 225.493484),
                new Golden("example-b", 0.660104, 22, 21, 76.092052),
                new Golden("example-c", 0.678261, 52, 39, 204.697799));
    }

    @ParameterizedTest
    @MethodSource("goldens")
    void matchesSpecGoldenValues(Golden golden) {
        PhaseResult result = run(example(golden.example()));
        JsonNode llmo = result.output();
        JsonNode semantic = llmo.get("semantic");

        assertThat(llmo.get("score").doubleValue()).isCloseTo(golden.u(), SPEC);
        assertThat(result.score()).isEqualTo(llmo.get("score").doubleValue());
        assertThat(semantic.get("wordCount").intValue()).isEqualTo(golden.words());
        assertThat(semantic.get("uniqueWords").intValue()).isEqualTo(golden.unique());
        assertThat(semantic.get("dependencyCount").intValue()).isEqualTo(golden.words() - 1);
        assertThat(semantic.get("dependencyScoreSum").doubleValue()).isCloseTo(golden.scoreSum(), SPEC);
    }

    /** Reference figures from an independent float64 implementation of the §2.2 encoder formula. */
    @ParameterizedTest
    @CsvSource({
            "example-a, 54, 59.24859755289141, 0.4202722028575225",
            "example-b, 19, 35.362084850348076, 0.4757432529100002",
            "example-c, 41, 51.55996058475855, 0.43506535841202487",
            "legacy, 12, 28.34715192032075, 0.49984221433751785"})
    void encodingMatchesReferenceFigures(String example, int tokens, double norm, double mean) {
        JsonNode encoding = run(example(example)).output().get("encoding");

        assertThat(encoding.get("tokens").intValue()).isEqualTo(tokens);
        assertThat(encoding.get("dims").intValue()).isEqualTo(128);
        assertThat(encoding.get("frobeniusNorm").doubleValue()).isCloseTo(norm, ENCODING);
        assertThat(encoding.get("meanValue").doubleValue()).isCloseTo(mean, ENCODING);
    }

    @Test
    void exampleAComponentsCountTheirGroups() {
        JsonNode components = run(example("example-a")).output().get("semantic").get("components");

        assertThat(components.get("parties").intValue()).isEqualTo(1);
        assertThat(components.get("obligations").intValue()).isEqualTo(4);
        assertThat(components.get("conditions").intValue()).isEqualTo(1);
        assertThat(components.get("payments").intValue()).isEqualTo(2);
    }

    @Test
    void contractWithoutClausesScoresZero() {
        PhaseResult result = run(example("legacy"));

        assertThat(result.score()).isZero();
        assertThat(result.output().get("understanding").get("clauseCount").intValue()).isZero();
        assertThat(result.output().get("semantic").get("wordCount").intValue()).isEqualTo(3);
    }

    @Test
    void summaryCarriesTheTitleAndPlainEnglishOtherPhasesRead() {
        JsonNode summary = run(example("example-a")).output().get("ucl").get("summary");

        assertThat(summary.get("title").textValue()).isEqualTo("Monthly SaaS Subscription");
        assertThat(summary.get("plain_english").textValue()).isEqualTo(
                "This saas-subscription contract between billing@cloudsuite.example and ap@northwind.example. "
                        + "Payment of 99 USDC is made monthly on polygon. Requires: Service must be active. "
                        + "Requires: Service uptime must be at least 99 percent.");
        assertThat(summary.get("when_it_executes").textValue())
                .isEqualTo("Monthly on day 1 at 00:00 UTC, if all required conditions are met");
        assertThat(summary.get("who_its_for").textValue()).isEqualTo("vendor and customer");
    }

    @Test
    void titleFallsBackToTitleCasedTypeAndPayeeIsResolvedByRole() {
        JsonNode summary = run(example("legacy")).output().get("ucl").get("summary");

        assertThat(summary.get("title").textValue()).isEqualTo("Payment Agreement");
        // one-time-payment: position 0 is the payer (buyer), so party_b is the seller (payee).
        assertThat(summary.get("plain_english").textValue()).isEqualTo(
                "This payment contract between party_b and party_a. Payment of 4200 USDC is made one-time on polygon.");
        JsonNode plainB = run(example("example-b")).output().get("ucl").get("summary").get("plain_english");
        assertThat(plainB.textValue()).startsWith(
                "This freelancer-escrow contract between dev@freelance.example and cto@startup.example.");
    }

    @Test
    void uclDocumentHasTheSpecStructure() {
        JsonNode ucl = run(example("example-a")).output().get("ucl");

        assertThat(fieldNames(ucl)).containsExactly("contract_id", "version", "standard", "summary", "metadata",
                "payment", "conditions", "rules", "oracles", "llm_instructions");
        assertThat(ucl.get("standard").textValue()).isEqualTo("UCL-1.0");
        assertThat(ucl.get("metadata").get("dates").get("effective").textValue()).isEqualTo("2025-01-01");
        assertThat(ucl.get("metadata").get("dates").get("duration").textValue()).isEmpty();
        assertThat(ucl.get("metadata").get("jurisdiction").textValue()).isEqualTo("Delaware");
        assertThat(ucl.get("payment").get("structure").textValue()).isEqualTo("recurring");
        assertThat(ucl.get("payment").get("amount").toString()).isEqualTo("99.00");
        assertThat(ucl.get("payment").get("day_of_month").intValue()).isEqualTo(1);
        assertThat(ucl.get("payment").get("timezone").textValue()).isEqualTo("UTC");
        assertThat(ucl.get("conditions").get("required")).hasSize(2);
        assertThat(ucl.get("conditions").get("optional")).isEmpty();
        assertThat(ucl.get("oracles").get(1).get("refresh_rate").textValue()).isEqualTo("5 minutes");
    }

    @Test
    void commonQuestionsAnswerCostTimingDisputeAndCancellation() {
        JsonNode questions = questions(example("example-b"));
        JsonNode questionsA = questions(example("example-a"));

        assertThat(questions).hasSize(4);
        assertThat(questions.get(0).get("a").textValue()).isEqualTo("Base price is 5000 USD per milestone");
        assertThat(questions.get(1).get("a").textValue())
                .isEqualTo("When each milestone is approved, if all required conditions are met");
        assertThat(questions.get(2).get("a").textValue()).endsWith(": multisig");
        assertThat(questions.get(3).get("a").textValue()).isEqualTo("Yes, with 30 days notice");
        assertThat(questionsA.get(2).get("a").textValue()).endsWith(": none");
    }

    @Test
    void cancellationNoticeIsReadFromTheTerms() {
        JsonNode questions = questions(fromJson("""
                {"type":"saas","parties":["v@x.example","c@x.example"],
                 "terms":"Either party may cancel with 45-day written notice.",
                 "payment":{"amount":10,"token":"USDC","frequency":"monthly"}}"""));

        assertThat(questions.get(3).get("a").textValue()).isEqualTo("Yes, with 45 days notice");
    }

    @Test
    void monthlyPaymentRuleRunsOnTheConfiguredDay() {
        JsonNode rule = run(example("example-a")).output().get("ucl").get("rules").get(0);

        assertThat(rule.get("rule_id").textValue()).isEqualTo("payment_rule");
        assertThat(rule.get("trigger").textValue()).isEqualTo("time_based");
        assertThat(rule.get("schedule").textValue()).isEqualTo("0 0 1 * *");
        assertThat(strings(rule.get("conditions").get("all_of")))
                .containsExactly("service_active == true", "uptime_met == true");
        JsonNode actions = rule.get("actions");
        assertThat(actions.get(0).get("action").textValue()).isEqualTo("calculate_amount");
        assertThat(actions.get(1).get("action").textValue()).isEqualTo("execute_payment");
        assertThat(actions.get(1).get("from").textValue()).isEqualTo("ap@northwind.example");
        assertThat(actions.get(1).get("to").textValue()).isEqualTo("billing@cloudsuite.example");
        assertThat(actions.get(1).get("token").textValue()).isEqualTo("USDC");
        assertThat(actions.get(1).get("network").textValue()).isEqualTo("polygon");
        assertThat(actions.get(2).get("event").textValue()).isEqualTo("payment_executed");
    }

    @ParameterizedTest
    @CsvSource({
            "monthly, '\"dayOfMonth\":15,', 0 0 15 * *",
            "monthly, '', 0 0 1 * *",
            "weekly, '', 0 0 * * 1",
            "daily, '', 0 0 * * *",
            "yearly, '', 0 0 1 1 *"})
    void calendarFrequenciesGetCronSchedules(String frequency, String extra, String cron) {
        JsonNode rules = run(fromJson("""
                {"type":"saas","parties":["v@x.example","c@x.example"],
                 "payment":{"amount":10,"token":"USDC",%s"frequency":"%s"}}""".formatted(extra, frequency)))
                .output().get("ucl").get("rules");

        assertThat(rules).hasSize(1);
        assertThat(rules.get(0).get("trigger").textValue()).isEqualTo("time_based");
        assertThat(rules.get(0).get("schedule").textValue()).isEqualTo(cron);
        assertThat(rules.get(0).get("conditions").get("all_of")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "one-time, conditions_met",
            "per-request, request_received",
            "on-delivery, delivery_confirmed",
            "per-incident, incident_reported"})
    void otherFrequenciesAreEventBased(String frequency, String event) {
        JsonNode rule = run(fromJson("""
                {"type":"api-payment","parties":["p@x.example","c@x.example"],
                 "payment":{"amount":1,"token":"USDC","frequency":"%s"}}""".formatted(frequency)))
                .output().get("ucl").get("rules").get(0);

        assertThat(rule.get("rule_id").textValue()).isEqualTo("payment_rule");
        assertThat(rule.get("trigger").textValue()).isEqualTo("event_based");
        assertThat(rule.get("event").textValue()).isEqualTo(event);
        assertThat(rule.has("schedule")).isFalse();
    }

    @Test
    void supplyChainOnDeliveryIsEventBasedWithAllRequiredConditions() {
        JsonNode rule = run(example("example-c")).output().get("ucl").get("rules").get(0);

        assertThat(rule.get("trigger").textValue()).isEqualTo("event_based");
        assertThat(rule.get("event").textValue()).isEqualTo("delivery_confirmed");
        assertThat(strings(rule.get("conditions").get("all_of")))
                .containsExactly("temp_min == true", "temp_max == true", "delivery_confirmed == true");
        assertThat(rule.get("actions").get(1).get("to").textValue()).isEqualTo("supplier@pharma.example");
        assertThat(rule.get("actions").get(1).get("from").textValue()).isEqualTo("purchasing@pharmacy.example");
    }

    @Test
    void milestoneContractsGetOneRulePerMilestone() {
        JsonNode rules = run(example("example-b")).output().get("ucl").get("rules");

        assertThat(rules).hasSize(4);
        assertThat(ruleIds(rules)).containsExactly(
                "milestone_1_payment", "milestone_2_payment", "milestone_3_payment", "milestone_4_payment");
        JsonNode first = rules.get(0);
        assertThat(first.get("trigger").textValue()).isEqualTo("event_based");
        assertThat(first.get("event").textValue()).isEqualTo("milestone_approved");
        assertThat(first.get("milestone").get("id").textValue()).isEqualTo("m1");
        assertThat(first.get("milestone").get("due_date").textValue()).isEqualTo("2025-03-08");
        assertThat(first.get("actions").get(0).get("inputs").get("base").intValue()).isEqualTo(1000);
        assertThat(rules.get(3).get("actions").get(0).get("inputs").get("base").intValue()).isEqualTo(500);
        assertThat(first.get("actions").get(1).get("to").textValue()).isEqualTo("dev@freelance.example");
        assertThat(strings(first.get("conditions").get("all_of")))
                .containsExactly("tests_pass == true", "client_approval == true");
    }

    @Test
    void optionalConditionsAreListedButNotRequired() {
        JsonNode llmo = run(fromJson("""
                {"type":"vendor-sla","parties":["c@x.example","v@x.example"],
                 "payment":{"amount":5,"token":"USDC","frequency":"per-incident"},
                 "conditions":{
                   "required":[{"id":"up","description":"Up.","source":"mon","operator":"gte","threshold":0.9}],
                   "optional":[{"id":"nice","description":"Nice to have","source":"mon","operator":"eq",
                                "expected":true}]}}
                """)).output();

        assertThat(llmo.get("ucl").get("conditions").get("required")).hasSize(1);
        assertThat(llmo.get("ucl").get("conditions").get("optional").get(0).get("operator").textValue())
                .isEqualTo("equals");
        assertThat(strings(llmo.get("ucl").get("rules").get(0).get("conditions").get("all_of")))
                .containsExactly("up == true");
        assertThat(llmo.get("ucl").get("summary").get("plain_english").textValue()).endsWith(" Requires: Up.");
    }

    @Test
    void layersFollowTheJsImplementationAndTheSccInterface() {
        JsonNode layers = run(example("example-a")).output().get("layers");

        assertThat(fieldNames(layers))
                .containsExactly("human_readable", "llm_structured", "machine_executable", "blockchain_compilable");
        assertThat(layers.get("human_readable").textValue()).startsWith("This saas-subscription contract between");
        assertThat(strings(layers.get("llm_structured").get("terms"))).containsExactly(
                "The customer shall pay 99 USDC on the first day of each month",
                "If uptime falls below 99 percent the vendor must grant a 10 percent discount",
                "Either party may terminate with 30 days notice",
                "Service must be active", "Service uptime must be at least 99 percent");
        assertThat(layers.get("llm_structured").get("frequency").textValue()).isEqualTo("monthly");
        assertThat(layers.get("machine_executable").get(0).get("rule_id").textValue()).isEqualTo("payment_rule");
        JsonNode chain = layers.get("blockchain_compilable");
        assertThat(chain.get("contractName").textValue()).isEqualTo("SaasSubscriptionContract");
        assertThat(strings(chain.get("functions")))
                .containsExactly("execute()", "verifyConditions()", "reportCondition(bytes32,bool)");
        assertThat(strings(chain.get("events"))).containsExactly("ContractExecuted(uint256,address)");
    }

    @Test
    void milestoneContractsAlsoExposeReleaseMilestone() {
        JsonNode chain = run(example("example-b")).output().get("layers").get("blockchain_compilable");

        assertThat(chain.get("contractName").textValue()).isEqualTo("FreelancerMilestoneContract");
        assertThat(strings(chain.get("functions"))).containsExactly(
                "execute()", "verifyConditions()", "reportCondition(bytes32,bool)", "releaseMilestone(uint256)");
        assertThat(LlmoFormat.pascalCase("one-time-payment")).isEqualTo("OneTimePayment");
        assertThat(LlmoFormat.pascalCase("vendor_sla")).isEqualTo("VendorSla");
    }

    @Test
    void validationIsValidAndReportsTheContractWarnings() {
        JsonNode validation = run(fromJson("""
                {"type":"saas","parties":["v@x.example","c@x.example"],
                 "payment":{"amount":10,"token":"USDC","frequency":"monthly"}}""")).output().get("validation");

        assertThat(validation.get("valid").booleanValue()).isTrue();
        assertThat(validation.get("errors")).isEmpty();
        assertThat(validation.get("warnings")).anySatisfy(w -> {
            assertThat(w.get("code").textValue()).isEqualTo("W_CURRENCY_MISSING");
            assertThat(w.get("path").textValue()).isEqualTo("$.payment.currency");
            assertThat(w.get("message").textValue()).isEqualTo("currency should be specified");
        });
    }

    @Test
    void sameInputGivesIdenticalOutput() {
        for (String name : List.of("example-a", "example-b", "example-c", "legacy")) {
            String first = CanonicalJson.write(run(example(name)).output());
            String second = CanonicalJson.write(new LlmoPhase().apply(example(name), PhaseResults.empty()).output());
            assertThat(second).as(name).isEqualTo(first);
        }
    }

    @Test
    void outputHasTheSpecMembers() {
        JsonNode llmo = run(example("example-c")).output();

        assertThat(fieldNames(llmo)).containsExactly(
                "score", "understanding", "semantic", "encoding", "ucl", "layers", "validation");
        assertThat(phase.name()).isEqualTo(PhaseName.LLMO);
    }

    private PhaseResult run(Contract contract) {
        return phase.apply(contract, PhaseResults.empty());
    }

    private JsonNode questions(Contract contract) {
        return run(contract).output().get("ucl").get("llm_instructions").get("common_questions");
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::textValue).toList();
    }

    private static List<String> ruleIds(JsonNode rules) {
        return StreamSupport.stream(rules.spliterator(), false).map(r -> r.get("rule_id").textValue()).toList();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
