package io.smart402.core.phase;

import io.smart402.core.contract.Contract;

/**
 * One deterministic processing phase: a pure function of the contract and the earlier phases' results
 * (spec §2). Implementations are CPU-bound and thread-safe.
 */
public interface Phase {

    PhaseName name();

    /**
     * Runs the phase.
     *
     * @throws PhaseException when the contract cannot be processed (e.g. {@code X402_NO_ROUTE})
     */
    PhaseResult apply(Contract contract, PhaseResults earlier);
}
