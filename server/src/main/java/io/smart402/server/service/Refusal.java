package io.smart402.server.service;

import io.smart402.core.contract.ReadResult;
import io.smart402.core.pipeline.ProcessingResult;

/** Why a submitted contract was not stored: a domain reason, mapped to a protocol answer by the front end. */
public sealed interface Refusal {

    /** The contract failed validation (spec §3): every error and warning. */
    record Invalid(ReadResult.Rejected rejected) implements Refusal {
    }

    /** A valid contract that a phase could not process (e.g. no payment route). */
    record PhaseFailed(ProcessingResult.Failed failed) implements Refusal {
    }

    /**
     * Anything else, told by its exception: malformed input, a limit, rate limited, overloaded, a shard or the
     * store unavailable (with how long to wait, see {@code RetryAfter}), a dead-lettered write.
     */
    record Failed(Throwable cause) implements Refusal {
    }
}
