package io.smart402.core.contract;

import java.util.List;

/** The outcome of reading one contract document: accepted, or rejected with every error found. */
public sealed interface ReadResult {

    /** A valid contract, ready for the phases. */
    record Accepted(Contract contract) implements ReadResult {
    }

    /**
     * An invalid contract (spec §3): nothing runs, the contract stays in state IDLE.
     *
     * @param id       the given id when it is a string, else null
     * @param errors   all errors, in rule order then path
     * @param warnings all warnings
     */
    record Rejected(String id, List<Issue> errors, List<Issue> warnings) implements ReadResult {
        public Rejected {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }
    }
}
