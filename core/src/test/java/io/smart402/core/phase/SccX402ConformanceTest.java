package io.smart402.core.phase;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.conformance.NodeConformance;
import io.smart402.core.conformance.NodeConformance.Report;
import io.smart402.core.conformance.NodeConformance.SolidityResult;
import io.smart402.core.conformance.NodeConformance.SoliditySource;
import io.smart402.core.conformance.NodeConformance.X402Result;
import io.smart402.core.conformance.NodeConformance.X402Sample;
import io.smart402.core.contract.Contract;
import io.smart402.core.contract.ContractLimits;
import io.smart402.core.contract.ContractReader;
import io.smart402.core.contract.ReadResult;
import io.smart402.core.phase.llmo.LlmoPhase;
import io.smart402.core.phase.scc.SccPhase;
import io.smart402.core.phase.x402.X402Phase;
import io.smart402.core.testing.ContractSamples;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spec §2.3/§2.4 "Conformance": the SCC and X402 outputs of a seeded sample of generated valid contracts
 * (every type, frequency, network and token; hostile and unicode text; amounts up to 1e9) plus the §1.9
 * examples go through the reference tools in one Node run — every Solidity source through solc 0.8.30,
 * every x402 object through the {@code @x402/core} and {@code x402} schemas.
 */
class SccX402ConformanceTest {

    static final long SEED = 402;
    static final int GENERATED = 120;

    private static final ContractReader READER = new ContractReader(ContractLimits.DEFAULTS);

    private static final List<Contract> contracts = new ArrayList<>();
    private static final List<JsonNode> sccOutputs = new ArrayList<>();
    private static final List<JsonNode> x402Outputs = new ArrayList<>();
    private static Report report;

    @BeforeAll
    static void processAndCheckOnce() {
        for (String letter : List.of("a", "b", "c")) {
            contracts.add(PhaseFixtures.example(letter));
        }
        for (ObjectNode document : ContractSamples.generate(SEED, GENERATED)) {
            ReadResult result = READER.read(document);
            assertThat(result).as("generated sample %s", document).isInstanceOf(ReadResult.Accepted.class);
            contracts.add(((ReadResult.Accepted) result).contract());
        }
        List<SoliditySource> sources = new ArrayList<>();
        List<X402Sample> samples = new ArrayList<>();
        for (int i = 0; i < contracts.size(); i++) {
            Contract contract = contracts.get(i);
            PhaseResults earlier = PhaseResults.empty().with(new LlmoPhase().apply(contract, PhaseResults.empty()));
            PhaseResult scc = new SccPhase().apply(contract, earlier);
            PhaseResult x402 = new X402Phase().apply(contract, earlier.with(scc));
            sccOutputs.add(scc.output());
            x402Outputs.add(x402.output());
            String name = "sample" + i;
            sources.add(new SoliditySource(name, scc.output().path("soliditySource").textValue()));
            samples.add(X402Sample.of(name, x402.output().get("paymentRequiredV1"),
                    x402.output().get("paymentRequiredV2")));
        }
        // One node process for everything: loading solc dominates the cost.
        report = NodeConformance.get().check(sources, samples);
    }

    @Test
    void sampleIsVariedEnoughToMeanSomething() {
        assertThat(contracts).hasSize(GENERATED + 3);
        assertThat(contracts.stream().map(Contract::canonicalType).collect(Collectors.toSet()))
                .containsAll(Set.of("saas-subscription", "saas-reseller", "freelancer-milestone", "supply-chain",
                        "affiliate-commission", "vendor-sla", "one-time-payment", "api-payment", "escrow", "nda",
                        "custom"));
        assertThat(contracts.stream().map(c -> c.payment().blockchain()).collect(Collectors.toSet()))
                .containsAll(ContractSamples.NETWORKS);
        assertThat(contracts).anyMatch(c -> !c.milestones().isEmpty());
        assertThat(contracts).anyMatch(c -> !c.payment().splits().isEmpty());
        assertThat(contracts).anyMatch(c -> c.payment().amount().compareTo(new java.math.BigDecimal("1e8")) > 0);
        assertThat(contracts).anyMatch(c -> c.parties().stream().anyMatch(p -> !p.role().matches("[a-z_0-9]+")));
        assertThat(x402Outputs).anyMatch(x -> x.path("paymentRequiredV1").isNull());
        assertThat(x402Outputs).anyMatch(x -> x.path("route").path("path").size() > 1);
    }

    @Test
    void everySoliditySourceCompilesWithoutErrors() {
        assertThat(report.compiler()).startsWith("0.8.30+");
        assertThat(report.solidity()).hasSize(contracts.size());
        List<SolidityResult> failed = report.solidity().stream().filter(r -> !r.ok()).toList();
        assertThat(failed).as("solc errors: %s", failed.stream()
                .map(r -> r.name() + " " + r.errors() + "\n" + source(r.name())).toList()).isEmpty();
    }

    @Test
    void everyPaymentRequiredValidatesAgainstTheReferenceSchemas() {
        assertThat(report.x402()).hasSize(contracts.size());
        List<X402Result> failed = report.x402().stream().filter(r -> !r.allOk()).toList();
        assertThat(failed).as("schema errors: %s", failed.stream().map(r -> r.name() + " " + r.allErrors()).toList())
                .isEmpty();
    }

    @Test
    void paymentRequiredHeaderCarriesTheValidatedV2Object() throws Exception {
        for (JsonNode x402 : x402Outputs) {
            byte[] json = java.util.Base64.getDecoder().decode(x402.path("paymentRequiredHeader").textValue());
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json))
                    .isEqualTo(x402.path("paymentRequiredV2"));
        }
    }

    private static String source(String name) {
        return sccOutputs.get(Integer.parseInt(name.substring("sample".length()))).path("soliditySource").textValue();
    }
}
