package io.smart402.shard.launcher;

import io.smart402.shard.ShardException;

/** A local PostgreSQL server could not be found, initialised, started or stopped; the message says what to do. */
public class LocalPostgresException extends ShardException {

    private static final long serialVersionUID = 1L;

    public LocalPostgresException(String message) {
        super(message);
    }

    public LocalPostgresException(String message, Throwable cause) {
        super(message, cause);
    }
}
