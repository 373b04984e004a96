package io.smart402.server.view;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** {@code GET /admin/shards}: topology, node health, breaker state, outbox depth and lag per shard. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ShardsView(String strategy, String writeFailover, String readPreference, List<Shard> shards) {

    /** One shard and its nodes, primary first. */
    public record Shard(String id, List<Node> nodes) {
    }

    /** One node as an operator sees it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Node(String node, String role, String host, int port, String database, boolean up,
                       boolean available, String breaker, double rttMs, long outboxDepth,
                       double outboxOldestAgeSeconds, String lastError) {
    }
}
