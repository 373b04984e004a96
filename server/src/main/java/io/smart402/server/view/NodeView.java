package io.smart402.server.view;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.smart402.shard.store.NodeStats;

/** One node in the {@code shards} list of {@code /stats}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NodeView(String shard, String role, String node, String host, int port, String database,
                       int poolAcquired, int poolMax, boolean up, String breaker, double rttMs, long outboxDepth,
                       double outboxOldestAgeSeconds, int copiesPendingBatches, long copiesDeliveredRows,
                       long copiesDeferredRows) {

    public static NodeView of(NodeStats n) {
        return new NodeView(n.shard(), n.role(), n.node(), n.host(), n.port(), n.database(), n.poolAcquired(),
                n.poolMax(), n.up(), n.breaker(), n.rttMicros() / 1000.0, n.outboxDepth(), n.outboxOldestSeconds(),
                n.copiesPending(), n.copiesDelivered(), n.copiesDeferred());
    }
}
