package io.smart402.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.contract.Contract;
import io.smart402.core.contract.ContractCodec;
import io.smart402.core.contract.ContractLimits;
import io.smart402.core.contract.ContractReader;
import io.smart402.core.contract.ReadResult;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContractSamplesTest {

    private static final ContractReader READER = new ContractReader(ContractLimits.DEFAULTS);
    private static final List<ObjectNode> SAMPLES = ContractSamples.generate(402L, 500);

    @Test
    void everyGeneratedContractIsAccepted() {
        for (int i = 0; i < SAMPLES.size(); i++) {
            ReadResult result = READER.read(SAMPLES.get(i));
            assertThat(result).as("sample %d: %s", i, result).isInstanceOf(ReadResult.Accepted.class);
        }
    }

    @Test
    void contractsReadsTheSameSamples() {
        List<Contract> contracts = ContractSamples.contracts(402L, 50);

        assertThat(contracts).hasSize(50);
        assertThat(contracts.get(7).digest()).isEqualTo(accepted(SAMPLES.get(7)).digest());
    }

    @Test
    void sameSeedGivesIdenticalDocuments() {
        List<ObjectNode> again = ContractSamples.generate(402L, 500);
        ContractCodec codec = new ContractCodec(ContractLimits.DEFAULTS);
        for (int i = 0; i < SAMPLES.size(); i++) {
            assertThat(codec.write(again.get(i))).as("sample %d", i).isEqualTo(codec.write(SAMPLES.get(i)));
        }
        assertThat(ContractSamples.generate(402L, 20)).isEqualTo(SAMPLES.subList(0, 20));
        assertThat(ContractSamples.generate(403L, 20)).isNotEqualTo(SAMPLES.subList(0, 20));
    }

    @Test
    void samplesSurviveAByteRoundTripWithTheSameDigest() {
        ContractCodec codec = new ContractCodec(ContractLimits.DEFAULTS);
        for (int i = 0; i < 100; i++) {
            JsonNode reparsed = codec.read(codec.write(SAMPLES.get(i)));
            Contract original = accepted(SAMPLES.get(i));
            Contract roundTripped = accepted(reparsed);
            assertThat(roundTripped.digest()).as("sample %d", i).isEqualTo(original.digest());
        }
    }

    @Test
    void samplesCoverEveryTypeFrequencyNetworkTokenAndOperator() {
        Set<String> canonicalTypes = new HashSet<>();
        Set<String> frequencies = new HashSet<>();
        Set<String> networks = new HashSet<>();
        Set<String> tokens = new HashSet<>();
        Set<String> operators = new HashSet<>();
        Set<String> oracleTypes = new HashSet<>();
        Set<String> disputes = new HashSet<>();
        boolean generatedId = false;
        boolean splits = false;
        boolean tiers = false;
        boolean milestones = false;
        for (ObjectNode sample : SAMPLES) {
            Contract c = accepted(sample);
            canonicalTypes.add(c.canonicalType());
            frequencies.add(c.payment().frequency());
            networks.add(c.payment().blockchain());
            tokens.add(c.payment().token());
            c.conditions().forEach(condition -> operators.add(condition.operator()));
            c.oracles().forEach(oracle -> oracleTypes.add(oracle.type()));
            c.dispute().ifPresent(d -> disputes.add(d.method()));
            generatedId |= !sample.has("id");
            splits |= !c.payment().splits().isEmpty();
            tiers |= c.payment().tiers().size() == 3;
            milestones |= !c.milestones().isEmpty();
        }
        assertThat(canonicalTypes).hasSize(11);
        assertThat(frequencies).containsExactlyInAnyOrderElementsOf(ContractSamples.FREQUENCIES);
        assertThat(networks).containsExactlyInAnyOrderElementsOf(ContractSamples.NETWORKS);
        assertThat(tokens).contains("USDC", "USDT", "DAI", "ETH", "MATIC", "WBTC");
        assertThat(operators).containsExactlyInAnyOrder("equals", "not_equals", "greater_than", "less_than",
                "greater_than_or_equal", "less_than_or_equal", "contains");
        assertThat(oracleTypes).containsExactlyInAnyOrder("chainlink", "custom_api", "smart_contract", "iot_sensor");
        assertThat(disputes).containsExactlyInAnyOrder("multisig", "arbitrator", "dao_vote");
        assertThat(generatedId).isTrue();
        assertThat(splits).isTrue();
        assertThat(tiers).isTrue();
        assertThat(milestones).isTrue();
    }

    private static Contract accepted(JsonNode json) {
        ReadResult result = READER.read(json);
        assertThat(result).as("%s", result).isInstanceOf(ReadResult.Accepted.class);
        return ((ReadResult.Accepted) result).contract();
    }
}
