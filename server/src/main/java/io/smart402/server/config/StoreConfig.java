package io.smart402.server.config;

import io.smart402.shard.routing.RangeStrategy;
import io.smart402.shard.replication.ReplicationSettings;
import io.smart402.shard.store.StoreSettings;
import java.time.Duration;
import java.util.List;

/**
 * The {@code store} section as the file has it: one flat mapping that feeds three runtime views, the store's
 * {@link #settings()}, its {@link #replication()} and the {@link #placement()} of ids on shards.
 */
public record StoreConfig(int poolInitialSize, int poolMaxSize, Duration acquireTimeout, Duration nodeTimeout,
                          int batchSize, Duration batchWindow, int queuePerShard, int replicaQueueBatches,
                          int replicaConcurrency, ReplicationSettings.WriteFailover writeFailover,
                          ReplicationSettings.ReadPreference readPreference, Duration healthInterval,
                          Duration replayInterval, int replayBatchSize, Duration replayMinAge, String strategy,
                          Ranges range, Directory directory, LimitSpec writeLimit) {

    private static final List<String> STRATEGIES = List.of("consistent-hash", "hash", "range", "directory");

    public StoreConfig {
        Check.range("pool-initial-size", poolInitialSize, 0, 1000);
        Check.range("pool-max-size", poolMaxSize, 1, 1000);
        if (poolMaxSize < poolInitialSize) {
            throw Invalid.of("pool-max-size", "must be at least pool-initial-size (" + poolInitialSize + "), was "
                    + poolMaxSize);
        }
        Check.positive("acquire-timeout", acquireTimeout);
        Check.positive("node-timeout", nodeTimeout);
        Check.range("batch-size", batchSize, 1, 4096);
        Check.positive("batch-window", batchWindow);
        Check.range("queue-per-shard", queuePerShard, 1, 1 << 20);
        Check.range("replica-queue-batches", replicaQueueBatches, 1, 1 << 20);
        Check.range("replica-concurrency", replicaConcurrency, 1, 64);
        Check.required("write-failover", writeFailover);
        Check.required("read-preference", readPreference);
        Check.positive("health-interval", healthInterval);
        Check.positive("replay-interval", replayInterval);
        Check.range("replay-batch-size", replayBatchSize, 1, 10_000);
        Check.positive("replay-min-age", replayMinAge);
        Check.oneOf("strategy", strategy, STRATEGIES);
        Check.required("range", range);
        Check.required("directory", directory);
        Check.required("write-limit", writeLimit);
        if (strategy.equals("range") || strategy.equals("directory") && directory.fallback().equals("range")) {
            requireCover(range.ranges());
        }
    }

    /** One shard's bound on outstanding writes: fixed at {@code queue-per-shard}, or adaptive up to it. */
    public io.smart402.core.resilience.limit.ConcurrencyLimit shardWriteLimit() {
        LimitSpec spec = writeLimit.mode() == LimitSpec.Mode.ADAPTIVE
                ? new LimitSpec(LimitSpec.Mode.ADAPTIVE, writeLimit.algorithm(), Math.min(writeLimit.min(), queuePerShard),
                        Math.min(writeLimit.max(), queuePerShard))
                : writeLimit;
        return spec.limit(queuePerShard);
    }

    public StoreSettings settings() {
        return new StoreSettings(poolInitialSize, poolMaxSize, acquireTimeout, batchSize, batchWindow,
                replicaQueueBatches, replicaConcurrency, nodeTimeout);
    }

    public ReplicationSettings replication() {
        return new ReplicationSettings(writeFailover, readPreference, healthInterval, replayInterval, replayBatchSize,
                replayMinAge);
    }

    public ServerConfig.Placement placement() {
        return new ServerConfig.Placement(strategy, range.ranges(), directory.fallback(), directory.refreshInterval());
    }

    private static void requireCover(List<RangeStrategy.Range> ranges) {
        String key = "store.range.ranges";
        try {
            RangeStrategy.validate(ranges);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("'" + key + "': " + e.getMessage().replace("ranges[", key + "["), e);
        }
    }

    /** The {@code range} strategy's ranges: [from, to) in code point order, covering every key once. */
    public record Ranges(List<RangeStrategy.Range> ranges) {
        public Ranges {
            ranges = List.copyOf(Check.required("ranges", ranges));
        }
    }

    /** The {@code directory} strategy: a key → shard table, reloaded every {@code refresh-interval}. */
    public record Directory(String fallback, Duration refreshInterval) {

        private static final List<String> FALLBACKS = List.of("consistent-hash", "hash", "range");

        public Directory {
            Check.oneOf("fallback", fallback, FALLBACKS);
            Check.positive("refresh-interval", refreshInterval);
        }
    }
}
