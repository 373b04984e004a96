package io.smart402.shard.metrics;

import io.smart402.core.metrics.MeterName;

/**
 * Every meter the sharded store publishes: the one place its names and help texts are written. Node breakers
 * are published with every other breaker under core's {@code smart402.circuit.breaker.*} names.
 */
public final class ShardMeters {

    public static final MeterName SHARD_WRITE = new MeterName("smart402.shard.write",
            "Commit time of one batch on the acknowledging node of a shard");
    public static final MeterName SHARD_READ = new MeterName("smart402.shard.read",
            "Time of one read on a shard until a node answered, failover to the next node included");
    public static final MeterName SHARD_WRITE_QUEUED = new MeterName("smart402.shard.write.queued",
            "Writes waiting in the shard's queue for a batch");
    public static final MeterName SHARD_BATCH_SIZE = new MeterName("smart402.shard.batch.size",
            "Rows per multi-row upsert");
    public static final MeterName SHARD_WRITE_FAILOVERS = new MeterName("smart402.shard.write.failovers",
            "Batches acknowledged by a replica because the primary was down");
    public static final MeterName NODE_UP = new MeterName("smart402.node.up",
            "1 when the last health check of the node succeeded");
    public static final MeterName OUTBOX_DEPTH = new MeterName("smart402.outbox.depth",
            "Copies this node still owes to other nodes");
    public static final MeterName OUTBOX_OLDEST_AGE = new MeterName("smart402.outbox.oldest.age",
            "Age of the oldest copy this node still owes");

    public static final MeterName REPLICA_COPY_DELAY = new MeterName("smart402.replica.copy.delay",
            "Time from a batch's commit on the acknowledging node to its copy's commit on this node, for copies "
                    + "delivered by the immediate fan-out (those left to the replayer show in the outbox age)");

    // R2DBC pools (r2dbc-pool's PoolMetrics), per node
    public static final MeterName R2DBC_POOL_ACQUIRED = new MeterName("smart402.r2dbc.pool.acquired",
            "Connections of the node's pool handed out and not yet released");
    public static final MeterName R2DBC_POOL_IDLE = new MeterName("smart402.r2dbc.pool.idle",
            "Connections of the node's pool open and waiting to be acquired");
    public static final MeterName R2DBC_POOL_ALLOCATED = new MeterName("smart402.r2dbc.pool.allocated",
            "Connections of the node's pool open, acquired or idle");
    public static final MeterName R2DBC_POOL_PENDING = new MeterName("smart402.r2dbc.pool.pending",
            "Acquire requests waiting for a connection of the node's pool");
    public static final MeterName R2DBC_POOL_MAX = new MeterName("smart402.r2dbc.pool.max",
            "Most connections the node's pool may open");

    private ShardMeters() {
    }
}
