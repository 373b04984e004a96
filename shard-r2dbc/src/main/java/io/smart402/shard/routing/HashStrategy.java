package io.smart402.shard.routing;

import io.smart402.shard.ring.Md5Hash;
import java.util.List;

/**
 * {@code hash}: the shard at index {@code md5(key) mod N}, as the original {@code ShardManager}'s HASH strategy.
 * Even and stateless, but adding a shard moves almost every key; prefer {@code consistent-hash} for a fleet that grows.
 */
public final class HashStrategy implements ShardingStrategy {

    private final List<String> shards;

    private HashStrategy(List<String> shards) {
        this.shards = shards;
    }

    /** A strategy over {@code shards}, in this order (the order decides which index each shard gets). */
    public static HashStrategy of(List<String> shards) {
        List<String> copy = List.copyOf(shards);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("hash strategy: at least one shard is required");
        }
        if (copy.stream().distinct().count() != copy.size()) {
            throw new IllegalArgumentException("hash strategy: duplicate shard in " + copy);
        }
        return new HashStrategy(copy);
    }

    @Override
    public String shardFor(String key) {
        return shards.get(Md5Hash.mod(key, shards.size()));
    }

    @Override
    public List<String> shards() {
        return shards;
    }

    @Override
    public String name() {
        return "hash";
    }
}
