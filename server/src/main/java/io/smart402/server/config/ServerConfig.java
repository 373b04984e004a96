package io.smart402.server.config;

import io.smart402.core.contract.ContractLimits;
import io.smart402.server.auth.ApiKeys;
import io.smart402.core.pipeline.ContractPipeline;
import io.smart402.shard.routing.RangeStrategy;
import io.smart402.shard.replication.ReplicationSettings;
import io.smart402.shard.store.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The whole configuration, immutable, loaded once by {@link ConfigLoader}. */
public record ServerConfig(Http server, List<ApiKeys.KeySpec> keys, Pipeline pipeline, ContractLimits limits, Store store,
                           List<ShardSpec> shards, Embedded embedded, Placement placement, Query query,
                           Repair repair, AdmissionConfig admission, CacheConfig cache) {

    /** HTTP front end settings. */
    public record Http(String host, int port, int maxBodyBytes, long maxBatchBytes, int maxBatchItems,
                       int maxHeaderBytes, Duration idleTimeout, int batchConcurrency) {
    }

    /** Pipeline settings; {@code concurrency} 0 means 2 × cores. */
    public record Pipeline(int concurrency, ContractPipeline.Order order) {
    }

    /** Store settings plus the shared per-shard write queue. */
    public record Store(StoreSettings settings, ReplicationSettings replication, int queuePerShard) {
    }

    /** One configured shard. */
    public record ShardSpec(String id, NodeSpec primary, List<NodeSpec> replicas) {
    }

    /** One configured node. */
    public record NodeSpec(String host, int port, String database, String user, String password) {
    }

    /** The embedded local fleet used when no shards are configured. */
    public record Embedded(Path dataDir, int shards, int replicas, Map<String, String> settings) {
    }

    /**
     * How ids are placed on shards ({@code store.strategy} and its options).
     *
     * @param strategy          consistent-hash, hash, range or directory
     * @param ranges            the {@code range} strategy's ranges (validated: they cover every key once)
     * @param directoryFallback the {@code directory} strategy's fallback: consistent-hash, hash or range
     * @param directoryRefresh  how often the directory table is reloaded
     */
    public record Placement(String strategy, List<RangeStrategy.Range> ranges, String directoryFallback,
                            Duration directoryRefresh) {
    }

    /** {@code GET /contracts} scatter-gather listing. */
    public record Query(int defaultLimit, int maxLimit, int fanOut, Duration nodeTimeout) {
    }

    /** Anti-entropy repair ({@code POST /admin/repair}, the {@code repair} command). */
    public record Repair(int chunkRows, Duration queryTimeout) {
    }

    /** Whether the embedded local fleet is used. */
    public boolean embeddedFleet() {
        return shards.isEmpty();
    }
}
