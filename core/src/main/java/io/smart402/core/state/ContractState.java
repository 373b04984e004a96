package io.smart402.core.state;

/** The states of the contract state machine (spec §4, from the original's Smart402StateMachine). */
public enum ContractState {
    IDLE("s0"), DISCOVERY("s1"), UNDERSTANDING("s2"), COMPILATION("s3"), VERIFICATION("s4"),
    EXECUTION("s5"), SETTLEMENT("s6"), COMPLETED("s7"), FAILED("s_error");

    private final String id;

    ContractState(String id) {
        this.id = id;
    }

    /** The original's state id, e.g. {@code s3}. */
    public String id() {
        return id;
    }

    /** The successor on success, or null for terminal states. */
    ContractState next() {
        return switch (this) {
            case IDLE -> DISCOVERY;
            case DISCOVERY -> UNDERSTANDING;
            case UNDERSTANDING -> COMPILATION;
            case COMPILATION -> VERIFICATION;
            case VERIFICATION -> EXECUTION;
            case EXECUTION -> SETTLEMENT;
            case SETTLEMENT -> COMPLETED;
            case COMPLETED, FAILED -> null;
        };
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED;
    }
}
