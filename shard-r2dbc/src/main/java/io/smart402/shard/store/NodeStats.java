package io.smart402.shard.store;

/**
 * Statistics of one node as reported by {@link ShardedContractStore#stats()}.
 *
 * @param role                 {@code primary} or {@code replica}
 * @param up                   whether the last active health check succeeded
 * @param breaker              circuit breaker state ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN})
 * @param rttMicros            round-trip time of the last health check
 * @param outboxDepth          copies this node still owes to other nodes
 * @param outboxOldestSeconds  age of the oldest of those
 * @param copiesPending        batches queued or in flight to this node by the immediate fan-out
 * @param copiesDelivered      rows the immediate fan-out delivered to this node
 * @param copiesDeferred       rows left to the outbox replayer (queue full, node down, or a failed copy)
 */
public record NodeStats(String shard, String role, String node, String host, int port, String database,
                        int poolAcquired, int poolMax, boolean up, String breaker, long rttMicros,
                        long outboxDepth, double outboxOldestSeconds, int copiesPending, long copiesDelivered,
                        long copiesDeferred) {
}
