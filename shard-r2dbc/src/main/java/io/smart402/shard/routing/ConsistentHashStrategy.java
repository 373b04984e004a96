package io.smart402.shard.routing;

import io.smart402.shard.ring.ConsistentHashRing;
import java.util.List;

/** The default strategy: the MD5 consistent-hash ring with virtual nodes (spec §5). */
public final class ConsistentHashStrategy implements ShardingStrategy {

    private final ConsistentHashRing ring;

    public ConsistentHashStrategy(ConsistentHashRing ring) {
        this.ring = ring;
    }

    public static ConsistentHashStrategy of(List<String> shards) {
        return new ConsistentHashStrategy(ConsistentHashRing.of(shards));
    }

    @Override
    public String shardFor(String key) {
        return ring.shardFor(key);
    }

    @Override
    public List<String> shards() {
        return ring.shards();
    }

    @Override
    public String name() {
        return "consistent-hash";
    }
}
