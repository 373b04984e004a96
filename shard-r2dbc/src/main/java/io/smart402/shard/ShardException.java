package io.smart402.shard;

import io.smart402.core.error.FailureKind;
import io.smart402.core.error.Smart402Exception;

/** The base of every exception of the sharded store: a failure of the fleet, of a shard or of a node. */
public class ShardException extends Smart402Exception {

    private static final long serialVersionUID = 1L;

    /** An unexpected failure of the store itself (kind {@link FailureKind#INTERNAL}). */
    public ShardException(String message) {
        this(message, null);
    }

    public ShardException(String message, Throwable cause) {
        this(FailureKind.INTERNAL, "internal", message, cause);
    }

    protected ShardException(FailureKind kind, String reason, String message, Throwable cause) {
        super(kind, reason, message, cause, true);
    }
}
