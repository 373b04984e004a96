package io.smart402.shard.metrics;

import io.smart402.core.metrics.MeterName;

/**
 * Every meter the sharded store publishes: the one place its names and help texts are written. Node breakers
 * are published with every other breaker under core's {@code smart402.circuit.breaker.*} names.
 */
public final class ShardMeters {

    public static final MeterName SHARD_WRITE = new MeterName("smart402.shard.write",
            "Commit time of one batch on the acknowledging node of a shard");
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

    private ShardMeters() {
    }
}
