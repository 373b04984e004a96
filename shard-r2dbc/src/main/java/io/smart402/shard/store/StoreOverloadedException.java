package io.smart402.shard.store;

import io.smart402.core.error.FailureKind;
import io.smart402.core.error.RetryAfter;
import io.smart402.shard.ShardException;
import java.time.Duration;

/** A shard's write queue is full: load shedding, so the client (not the server) tries again. */
public final class StoreOverloadedException extends ShardException implements RetryAfter {

    private static final long serialVersionUID = 1L;

    private final String shard;

    public StoreOverloadedException(String shard) {
        super(FailureKind.OVERLOADED, "overloaded", "write queue of shard " + shard + " is full",
                null);
        this.shard = shard;
    }

    public String shard() {
        return shard;
    }

    @Override
    public Duration retryAfter() {
        return Duration.ofSeconds(1);
    }
}
