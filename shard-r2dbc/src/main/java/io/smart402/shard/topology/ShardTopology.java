package io.smart402.shard.topology;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The shards of the fleet; validated so names are unique and every shard has a primary. */
public record ShardTopology(List<Shard> shards) {

    public ShardTopology {
        shards = List.copyOf(shards);
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("shards: at least one shard is required");
        }
        Set<String> ids = new HashSet<>();
        Set<String> nodes = new HashSet<>();
        for (Shard shard : shards) {
            if (!ids.add(shard.id())) {
                throw new IllegalArgumentException("shards: duplicate shard id '" + shard.id() + "'");
            }
            for (NodeAddress node : shard.nodes()) {
                if (!nodes.add(node.name())) {
                    throw new IllegalArgumentException("shards: duplicate node name '" + node.name() + "'");
                }
            }
        }
    }

    public List<String> shardIds() {
        return shards.stream().map(Shard::id).toList();
    }

    public Shard shard(String id) {
        return shards.stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown shard '" + id + "'"));
    }

    /** Every node of every shard. */
    public List<NodeAddress> nodes() {
        return shards.stream().flatMap(s -> s.nodes().stream()).toList();
    }
}
