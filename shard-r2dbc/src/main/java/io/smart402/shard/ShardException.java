package io.smart402.shard;

/** Root of the exceptions thrown by the shard-r2dbc module, so callers can map them in one place. */
public class ShardException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ShardException(String message) {
        super(message);
    }

    public ShardException(String message, Throwable cause) {
        super(message, cause);
    }
}
