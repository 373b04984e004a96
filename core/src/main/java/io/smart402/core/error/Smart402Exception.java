package io.smart402.core.error;

import java.util.Map;
import java.util.Objects;

/**
 * The base of every exception this project throws on purpose. It carries what a front end needs to answer
 * without knowing the exception's class: the {@link FailureKind}, a stable machine-readable {@code reason} (a
 * domain error code such as {@code circuit-open}; how it is presented — status, problem type, title — is the
 * front end's business) and domain facts ({@link #details()}). Failures that pass through (a retried call, a
 * dead-lettered write) wrap their cause and say so with {@link #wrapsCause()}.
 */
public abstract class Smart402Exception extends RuntimeException {

    private final FailureKind kind;
    private final String reason;

    /** @param writableStackTrace false for expected, frequent failures (load shedding), where a trace costs CPU */
    protected Smart402Exception(FailureKind kind, String reason, String message, Throwable cause,
                                boolean writableStackTrace) {
        super(message, cause, true, writableStackTrace);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public FailureKind kind() {
        return kind;
    }

    /** A stable code naming this failure, e.g. {@code shard-unavailable}. */
    public String reason() {
        return reason;
    }

    /** Domain facts about this failure (e.g. {@code shard}, {@code breaker}), in a stable order. */
    public Map<String, Object> details() {
        return Map.of();
    }

    /**
     * Whether this exception only adds facts to its cause (attempts made, where it was saved); its cause then
     * decides what the failure means.
     */
    public boolean wrapsCause() {
        return false;
    }
}
