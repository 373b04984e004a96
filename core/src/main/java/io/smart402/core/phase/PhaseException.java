package io.smart402.core.phase;

import io.smart402.core.error.FailureKind;
import io.smart402.core.error.Smart402Exception;

/** A processing-time failure of one phase (spec §3): the contract moves to FAILED. */
public final class PhaseException extends Smart402Exception {

    private final PhaseName phase;
    private final String code;

    public PhaseException(PhaseName phase, String code, String message) {
        super("INTERNAL".equals(code) ? FailureKind.INTERNAL : FailureKind.UNPROCESSABLE, "phase-failed",
                message, null, true);
        this.phase = phase;
        this.code = code;
    }

    public PhaseName phase() {
        return phase;
    }

    /** {@code X402_NO_ROUTE}, {@code SCC_VERIFICATION_FAILED} or {@code INTERNAL}. */
    public String code() {
        return code;
    }
}
