package io.smart402.core.error;

import java.util.Map;
import java.util.Objects;

/**
 * The base of every exception this project throws on purpose. It carries what a front end needs to answer
 * without knowing the exception's class: the {@link FailureKind}, a stable machine-readable {@code type} slug
 * (e.g. {@code circuit-open}), a short title and domain facts ({@link #details()}). Failures that pass through
 * (a retried call, a dead-lettered write) wrap their cause and say so with {@link #wrapsCause()}.
 */
public abstract class Smart402Exception extends RuntimeException {

    private final FailureKind kind;
    private final String type;
    private final String title;

    protected Smart402Exception(FailureKind kind, String type, String title, String message, Throwable cause,
                                boolean writableStackTrace) {
        super(message, cause, false, writableStackTrace);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.type = Objects.requireNonNull(type, "type");
        this.title = Objects.requireNonNull(title, "title");
    }

    public FailureKind kind() {
        return kind;
    }

    /** A stable slug naming this failure, e.g. {@code shard-unavailable}. */
    public String type() {
        return type;
    }

    /** A short human summary of the type, e.g. "Shard unavailable". */
    public String title() {
        return title;
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
