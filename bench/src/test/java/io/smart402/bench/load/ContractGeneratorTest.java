package io.smart402.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.contract.ContractLimits;
import io.smart402.core.contract.ContractReader;
import io.smart402.core.contract.ContractType;
import io.smart402.core.contract.ReadResult;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContractGeneratorTest {

    private final ContractGenerator generator = new ContractGenerator(402, "t-");

    @Test
    void sameSeedAndIndexGiveTheSameDocument() {
        ContractGenerator again = new ContractGenerator(402, "t-");
        for (int i = 0; i < 50; i++) {
            assertThat(again.contract(i)).isEqualTo(generator.contract(i));
        }
        assertThat(new ContractGenerator(403, "t-").contract(5)).isNotEqualTo(generator.contract(5));
        assertThat(generator.contract(5)).isNotEqualTo(generator.contract(6));
    }

    @Test
    void everyRegistryTypeAndACustomOneAppearWithinOneCycle() {
        Set<String> canonical = new HashSet<>();
        for (int i = 0; i < ContractGenerator.TYPES.size(); i++) {
            canonical.add(ContractType.resolve(generator.contract(i).get("type").textValue()).canonicalName());
        }
        assertThat(canonical).contains("saas-subscription", "saas-reseller", "freelancer-milestone", "supply-chain",
                "affiliate-commission", "vendor-sla", "one-time-payment", "api-payment", "escrow", "nda", "custom");
    }

    @Test
    void everyContractIsValidAndOfRealisticSize() {
        ContractReader reader = new ContractReader(ContractLimits.DEFAULTS);
        for (int i = 0; i < 300; i++) {
            ObjectNode doc = generator.contract(i);
            ReadResult result = reader.read(doc);
            assertThat(result).as("contract %d: %s", i, result).isInstanceOf(ReadResult.Accepted.class);
            int bytes = doc.toString().getBytes(StandardCharsets.UTF_8).length;
            assertThat(bytes).as("contract %d size", i).isBetween(1_000, 6_000);
            assertThat(doc.get("id").textValue()).isEqualTo("t-" + i);
        }
    }

    @Test
    void everyContractPassesAllFourPhases() {
        // Workload throws if any template is rejected or fails a phase.
        Workload workload = new Workload(402, "t-", 44);
        assertThat(workload.contracts()).hasSize(44);
        assertThat(workload.meanProcessedBytes()).isGreaterThan(5_000);
    }

    @Test
    void bodiesCarryTheIndexIdAndTheTemplateContent() {
        ContractBodies bodies = new ContractBodies(generator, 8);
        String body = new String(bodies.body(8 + 3), StandardCharsets.UTF_8);
        String template = generator.contract(3).toString();
        assertThat(body).contains("\"id\":\"t-11\"");
        assertThat(body.replace("\"t-11\"", "\"t-3\"")).isEqualTo(template);
        assertThat(bodies.ndjsonLine(11)).endsWith((byte) '\n');
    }
}
