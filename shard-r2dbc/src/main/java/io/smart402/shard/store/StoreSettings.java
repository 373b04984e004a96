package io.smart402.shard.store;

import java.time.Duration;

/**
 * Tuning of the sharded store; validated at start-up with messages naming the setting.
 *
 * @param poolInitialSize      connections opened per node at start
 * @param poolMaxSize          most connections per node
 * @param acquireTimeout       longest wait for a pooled connection
 * @param batchSize            most rows per multi-row statement
 * @param batchWindow          longest wait to fill a batch once its first row arrived
 * @param replicaQueueBatches  batches queued per replica before new ones are counted as dropped
 * @param replicaConcurrency   batches written to one replica at once
 * @param nodeTimeout          longest wait for one call (statement, batch, copy) on one node before it counts as a
 *                             node failure: a frozen node (stopped, hung disk, dropped packets) keeps connections
 *                             open without answering, and only a client-side deadline lets writes fail over
 */
public record StoreSettings(int poolInitialSize, int poolMaxSize, Duration acquireTimeout, int batchSize,
                            Duration batchWindow, int replicaQueueBatches, int replicaConcurrency, Duration nodeTimeout) {

    public static final StoreSettings DEFAULTS =
            new StoreSettings(1, 8, Duration.ofSeconds(5), 128, Duration.ofMillis(2), 1024, 2, Duration.ofSeconds(5));

    public StoreSettings {
        require(poolInitialSize >= 0, "store.pool.initial-size must be >= 0");
        require(poolMaxSize >= 1 && poolMaxSize >= poolInitialSize, "store.pool.max-size must be >= 1 and >= initial-size");
        require(!acquireTimeout.isNegative() && !acquireTimeout.isZero(), "store.pool.acquire-timeout must be positive");
        require(batchSize >= 1 && batchSize <= 4096, "store.batch.size must be 1..4096");
        require(!batchWindow.isNegative() && !batchWindow.isZero(), "store.batch.window must be positive");
        require(replicaQueueBatches >= 1, "store.replica.queue-batches must be >= 1");
        require(replicaConcurrency >= 1, "store.replica.concurrency must be >= 1");
        require(!nodeTimeout.isNegative() && !nodeTimeout.isZero(), "store.node-timeout must be positive");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
