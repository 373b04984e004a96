package io.smart402.core.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.contract.Contract;

/** The per-item outcome of {@link ContractPipeline}: a processed contract, or a failure of that item alone. */
public sealed interface ProcessingResult {

    Contract contract();

    /**
     * All four phases ran.
     *
     * @param document the processed document (spec §2.0): normalized input, phase objects, stateTrace, flags;
     *                 read-only once emitted (the phase-result cache may share it), so serialize it, never edit it
     */
    record Processed(Contract contract, ObjectNode document) implements ProcessingResult {
    }

    /**
     * A phase failed; the contract is in state FAILED (spec §3 "processing-time failures").
     *
     * @param phase      the phase key, e.g. {@code x402}
     * @param code       {@code X402_NO_ROUTE}, {@code SCC_VERIFICATION_FAILED} or {@code INTERNAL}
     * @param stateTrace the state machine's trace up to the failure
     */
    record Failed(Contract contract, String phase, String code, String message, ObjectNode stateTrace)
            implements ProcessingResult {
    }
}
