package io.smart402.shard.store;

/**
 * Statistics of one node as reported by {@link ShardedContractStore#stats()}.
 *
 * @param role                   {@code primary} or {@code replica}
 * @param replicaPendingBatches  batches queued or being written to this replica
 * @param replicaWrittenRows     rows copied to this replica
 * @param replicaFailedRows      rows whose copy failed (the outbox will own these)
 * @param replicaDroppedRows     rows not queued because the replica queue was full
 */
public record NodeStats(String shard, String role, String node, String host, int port, String database,
                        int poolAcquired, int poolMax, int replicaPendingBatches, long replicaWrittenRows,
                        long replicaFailedRows, long replicaDroppedRows) {
}
