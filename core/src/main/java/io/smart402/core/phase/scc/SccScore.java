package io.smart402.core.phase.scc;

import io.smart402.core.contract.Condition;
import io.smart402.core.contract.Contract;
import io.smart402.core.contract.Oracle;
import io.smart402.core.contract.Party;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code scc_score} (spec §2.3, from the original's "Q = completeness + soundness − complexity penalty"):
 * clamp(0.5·completeness + 0.5·soundness − min(0.2, runtimeGas/1e6), 0, 1).
 */
final class SccScore {

    static final double MAX_PENALTY = 0.2;
    static final double GAS_SCALE = 1e6;

    private SccScore() {
    }

    static double of(Contract contract, ContractVerifier.Verification verification, long runtimeGasEstimate) {
        double soundness = verification.propertiesChecked() == 0
                ? 0 : (double) verification.propertiesSatisfied() / verification.propertiesChecked();
        double penalty = Math.min(MAX_PENALTY, runtimeGasEstimate / GAS_SCALE);
        double score = 0.5 * completeness(contract) + 0.5 * soundness - penalty;
        return Math.max(0, Math.min(1, score));
    }

    /** mean(partiesWithWallet/parties, conditionsWithDeclaredOracle/max(conditions, 1)). */
    static double completeness(Contract contract) {
        long withWallet = contract.parties().stream().map(Party::wallet).filter(w -> w != null && !w.isEmpty()).count();
        double wallets = contract.parties().isEmpty() ? 0 : (double) withWallet / contract.parties().size();
        Set<String> declared = contract.oracles().stream().map(Oracle::id).collect(Collectors.toSet());
        // With no oracles listed there is nothing to check a source against, so every condition counts.
        long covered = contract.oracles().isEmpty()
                ? contract.conditions().size()
                : contract.conditions().stream().map(Condition::source).filter(declared::contains).count();
        double conditions = (double) covered / Math.max(contract.conditions().size(), 1);
        return (wallets + conditions) / 2;
    }
}
