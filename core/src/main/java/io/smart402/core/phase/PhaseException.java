package io.smart402.core.phase;

/** A processing-time failure of one phase (spec §3): the contract moves to FAILED. */
public final class PhaseException extends RuntimeException {

    private final PhaseName phase;
    private final String code;

    public PhaseException(PhaseName phase, String code, String message) {
        super(message);
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
