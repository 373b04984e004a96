package io.smart402.shard.store;

/** A shard's write queue is full: the caller should retry later (HTTP 503 with Retry-After). */
public final class StoreOverloadedException extends RuntimeException {

    private final String shard;

    public StoreOverloadedException(String shard) {
        super("write queue of shard " + shard + " is full");
        this.shard = shard;
    }

    public String shard() {
        return shard;
    }
}
