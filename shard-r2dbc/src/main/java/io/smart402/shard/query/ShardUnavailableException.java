package io.smart402.shard.query;

import io.smart402.shard.ShardException;

/** Every copy of a shard failed to answer a query. */
public final class ShardUnavailableException extends ShardException {

    private static final long serialVersionUID = 1L;

    private final String shard;

    public ShardUnavailableException(String shard, String detail) {
        super("shard " + shard + " is unavailable: " + detail);
        this.shard = shard;
    }

    public String shard() {
        return shard;
    }
}
