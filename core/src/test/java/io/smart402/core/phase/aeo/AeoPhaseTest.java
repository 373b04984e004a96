package io.smart402.core.phase.aeo;

import static io.smart402.core.phase.ExampleContracts.example;
import static io.smart402.core.phase.ExampleContracts.fromJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.contract.CanonicalJson;
import io.smart402.core.contract.Contract;
import io.smart402.core.phase.PhaseName;
import io.smart402.core.phase.PhaseResult;
import io.smart402.core.phase.PhaseResults;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AeoPhaseTest {

    private static final Offset<Double> SPEC = within(1e-6);

    private final AeoPhase phase = new AeoPhase();

    /** The golden row of spec §2.5 for one example. */
    record Golden(String example, double sr, double cf, double f, double as, double cp, double score,
                  double visibility) {
    }

    static Stream<Golden> goldens() {
        return Stream.of(
                new Golden("example-a", 0.344828, 0, 0.858149, 0.15, 0.85, 0.347171, 0.7985),
                new Golden("example-b", 0.520000, 0, 0.952574, 0.15, 0.35, 0.363886, 0.8285),
                new Golden("example-c", 0.263636, 0.001879, 0.214165, 0.83, 0.50, 0.327685, 0.8285));
    }

    @ParameterizedTest
    @MethodSource("goldens")
    void matchesSpecGoldenValues(Golden golden) {
        PhaseResult result = run(example(golden.example()));
        JsonNode aeo = result.output();
        JsonNode dimensions = aeo.get("dimensions");

        assertThat(dimensions.get("semanticRelevance").doubleValue()).isCloseTo(golden.sr(), SPEC);
        assertThat(dimensions.get("citationFrequency").doubleValue()).isCloseTo(golden.cf(), SPEC);
        assertThat(dimensions.get("freshness").doubleValue()).isCloseTo(golden.f(), SPEC);
        assertThat(dimensions.get("authority").doubleValue()).isCloseTo(golden.as(), SPEC);
        assertThat(dimensions.get("crossPlatform").doubleValue()).isCloseTo(golden.cp(), SPEC);
        assertThat(aeo.get("score").doubleValue()).isCloseTo(golden.score(), SPEC);
        assertThat(result.score()).isEqualTo(aeo.get("score").doubleValue());
        assertThat(aeo.get("visibilityScore").doubleValue()).isCloseTo(golden.visibility(), SPEC);
        String content = aeo.get("optimizedContent").textValue();
        assertThat(content.codePointCount(0, content.length())).isEqualTo(503);
        assertThat(content).endsWith("...");
    }

    @Test
    void exampleAHasTheSpecTitleAndKeyTerms() {
        JsonNode aeo = run(example("example-a")).output();

        assertThat(aeo.get("title").textValue()).isEqualTo("Saas-Subscription Agreement - $99.00 | saas-subscription");
        assertThat(strings(aeo.get("keyTerms"))).containsExactly(
                "saas-subscription", "payment", "financial", "transaction", "multi-party", "agreement", "bilateral");
        assertThat(aeo.get("optimizedContent").textValue()).startsWith(
                "# Saas-Subscription Agreement - $99.00 | saas-subscription\n\n## Summary\n"
                        + "This saas-subscription establishes an agreement between billing@cloudsuite.example and "
                        + "ap@northwind.example for $99.00. Related to: saas-subscription. \n\n## Key Terms\n");
    }

    @Test
    void tagsAreSortedByCodePointAndIncludeIndustryAndValueClass() {
        assertThat(strings(run(example("example-b")).output().get("tags"))).containsExactly(
                "Professional Services", "financial", "freelancer-escrow", "freelancer-escrow-agreement");
        assertThat(strings(run(example("example-c")).output().get("tags"))).containsExactly(
                "Manufacturing", "high-value", "supply-chain", "supply-chain-agreement");
    }

    @Test
    void outputHasEveryMemberOfTheSpecInOrder() {
        ObjectNode aeo = run(example("example-a")).output();

        assertThat(fieldNames(aeo)).containsExactly("score", "dimensions", "weights", "title", "optimizedContent",
                "keyTerms", "tags", "visibilityScore", "embedding", "jsonLd");
        assertThat(aeo.get("weights").get("semanticRelevance").doubleValue()).isEqualTo(0.30);
        assertThat(aeo.get("weights").get("crossPlatform").doubleValue()).isEqualTo(0.10);
    }

    @Test
    void embeddingIsTheSha256OfTypeDescriptionAndTermsOverByteRange() {
        Contract contract = example("example-a");
        JsonNode embedding = run(contract).output().get("embedding");
        byte[] digest = CanonicalJson.sha256(String.join("|", contract.type(), contract.description(),
                contract.terms()).getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(embedding).hasSize(32);
        for (int i = 0; i < 32; i++) {
            assertThat(embedding.get(i).doubleValue()).isEqualTo(Byte.toUnsignedInt(digest[i]) / 255.0);
        }
    }

    @Test
    void jsonLdUsesMetadataTitleKeywordsAndExactPrice() {
        JsonNode ld = run(example("example-a")).output().get("jsonLd");

        assertThat(ld.get("@context").textValue()).isEqualTo("https://schema.org/");
        assertThat(ld.get("@type").textValue()).isEqualTo("SmartContract");
        assertThat(ld.get("identifier").textValue()).isEqualTo("smart402:saas-subscription:cloudsuite-0001");
        assertThat(ld.get("name").textValue()).isEqualTo("Monthly SaaS Subscription");
        assertThat(ld.get("category").textValue()).isEqualTo("recurring-payment");
        assertThat(strings(ld.get("keywords")))
                .containsExactly("saas", "subscription", "monthly payment", "uptime SLA", "smart contract");
        assertThat(ld.get("aeoMetadata").get("businessModel").textValue()).isEqualTo("monthly");
        assertThat(ld.get("offers").get("price").decimalValue()).isEqualByComparingTo("99.00");
        assertThat(ld.get("offers").get("price").toString()).isEqualTo("99.00");
        assertThat(ld.get("offers").get("priceCurrency").textValue()).isEqualTo("USD");
    }

    @Test
    void legacyContractFallsBackToGeneratedTitleAndKeyTerms() {
        JsonNode aeo = run(example("legacy")).output();

        assertThat(aeo.get("title").textValue()).isEqualTo("Payment Agreement - $4,200.00 | payment");
        assertThat(aeo.get("jsonLd").get("name").textValue()).isEqualTo("Payment Agreement");
        assertThat(strings(aeo.get("jsonLd").get("keywords")))
                .containsExactly("payment", "financial", "transaction", "multi-party", "agreement", "bilateral");
        // Without dates the age is 0 days, the original's default freshness.
        assertThat(aeo.get("dimensions").get("freshness").doubleValue()).isCloseTo(0.952574, SPEC);
        assertThat(aeo.get("optimizedContent").textValue()).doesNotEndWith("...").endsWith("\n");
    }

    @Test
    void smartContractFlagAddsItsTermsTagsAndSentence() {
        JsonNode aeo = run(fromJson("""
                {"type":"api-payment","parties":["a@x.example","b@x.example"],"target_query":"pay per call api",
                 "payment":{"amount":0.10,"token":"USDC","frequency":"per-request"},
                 "metadata":{"smartContractEnabled":true}}""")).output();

        assertThat(aeo.get("title").textValue()).isEqualTo("Api-Payment Agreement - $0.10 | pay per call");
        assertThat(strings(aeo.get("keyTerms"))).containsExactly("api-payment", "payment", "financial",
                "transaction", "multi-party", "agreement", "bilateral", "smart-contract", "blockchain", "automated");
        assertThat(strings(aeo.get("tags"))).containsExactly("api-payment", "api-payment-agreement", "blockchain",
                "call", "financial", "smart-contract", "web3");
        assertThat(aeo.get("optimizedContent").textValue())
                .contains("Includes smart contract execution for automated settlement.")
                .contains("**Execution:** Automated via Smart Contract");
    }

    @Test
    void sameInputGivesIdenticalOutput() {
        for (String name : List.of("example-a", "example-b", "example-c", "legacy")) {
            String first = CanonicalJson.write(run(example(name)).output());
            String second = CanonicalJson.write(new AeoPhase().apply(example(name), PhaseResults.empty()).output());
            assertThat(second).as(name).isEqualTo(first);
        }
    }

    @Test
    void phaseIsNamedAeo() {
        assertThat(phase.name()).isEqualTo(PhaseName.AEO);
    }

    private PhaseResult run(Contract contract) {
        return phase.apply(contract, PhaseResults.empty());
    }

    static List<String> strings(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::textValue).toList();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
