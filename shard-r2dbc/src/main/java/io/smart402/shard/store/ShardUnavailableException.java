package io.smart402.shard.store;

/** No node of a shard can take the operation now (primary down and failover off, or every copy down). */
public final class ShardUnavailableException extends RuntimeException {

    private final String shard;

    public ShardUnavailableException(String shard, String message, Throwable cause) {
        super(message, cause);
        this.shard = shard;
    }

    public String shard() {
        return shard;
    }
}
