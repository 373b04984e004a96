package io.smart402.shard.routing;

import java.util.List;

/**
 * Decides which shard owns a contract id. Implementations are immutable (or refresh internal state
 * without blocking) and fast: {@link #shardFor} runs on event loops for every write and read.
 */
public interface ShardingStrategy {

    /** The shard that owns {@code key}; always one of {@link #shards()}. */
    String shardFor(String key);

    /** Every shard this strategy can name. */
    List<String> shards();

    /** The configuration name, e.g. {@code consistent-hash}. */
    String name();
}
