package io.smart402.core.phase;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * What one phase produced for one contract.
 *
 * @param phase  which phase
 * @param score  the phase score in [0, 1] (the {@code {phase}_score} flag)
 * @param output the phase object of the processed document; owned by this result, never mutated after
 */
public record PhaseResult(PhaseName phase, double score, ObjectNode output) {

    public PhaseResult {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(output, "output");
    }
}
