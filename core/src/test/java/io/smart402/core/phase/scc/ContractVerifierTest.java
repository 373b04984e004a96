package io.smart402.core.phase.scc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContractVerifierTest {

    @Test
    void fixedContractModelSatisfiesAllThreeProperties() {
        ContractVerifier.Verification result =
                ContractVerifier.verify(KripkeStructure.CONTRACT, ContractVerifier.DEFAULT_PROPERTIES);
        assertThat(result.isValid()).isTrue();
        assertThat(result.propertiesChecked()).isEqualTo(3);
        assertThat(result.propertiesSatisfied()).isEqualTo(3);
        assertThat(result.violations()).isEmpty();
    }

    @Test
    void originalModelWithSelfLoopingExecutionFailsTerminationAndReentrancy() {
        // The original's structure lets "executing" step to itself; checked honestly, that path never ends.
        KripkeStructure original = KripkeStructure.of(List.of("initial", "executing", "completed"),
                Map.of("initial", List.of("executing"), "executing", List.of("completed", "executing"),
                        "completed", List.of("completed")),
                Map.of("initial", Set.of("uninitialized", "balance_preserved"),
                        "executing", Set.of("active", "balance_preserved"),
                        "completed", Set.of("finalized", "balance_preserved")));
        ContractVerifier.Verification result = ContractVerifier.verify(original, ContractVerifier.DEFAULT_PROPERTIES);
        assertThat(result.isValid()).isFalse();
        assertThat(result.propertiesSatisfied()).isEqualTo(1);
        assertThat(result.violations()).extracting(ContractVerifier.Violation::property)
                .containsExactly("always_terminates", "no_reentrancy");
    }

    @Test
    void balanceInvariantMustHoldInEveryReachableState() {
        KripkeStructure leaky = KripkeStructure.of(List.of("s0", "s1"),
                Map.of("s0", List.of("s1"), "s1", List.of("s1")),
                Map.of("s0", Set.of("balance_preserved", "finalized"), "s1", Set.of("finalized")));
        ContractVerifier.Verification result = ContractVerifier.verify(leaky, ContractVerifier.DEFAULT_PROPERTIES);
        assertThat(result.violations()).extracting(ContractVerifier.Violation::property)
                .containsExactly("balance_preserved");
        assertThat(result.violations().get(0).formula()).isEqualTo("AG balance_preserved");
    }
}
