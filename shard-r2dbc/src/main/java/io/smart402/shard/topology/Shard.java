package io.smart402.shard.topology;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** One shard: a primary node and zero or more replicas holding copies of the same rows. */
public record Shard(String id, NodeAddress primary, List<NodeAddress> replicas) {

    public Shard {
        Objects.requireNonNull(id, "shard.id");
        Objects.requireNonNull(primary, "shard " + id + ": primary");
        replicas = List.copyOf(replicas);
    }

    /** The primary first, then the replicas. */
    public List<NodeAddress> nodes() {
        return Stream.concat(Stream.of(primary), replicas.stream()).toList();
    }
}
