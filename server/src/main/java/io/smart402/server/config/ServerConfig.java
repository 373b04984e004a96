package io.smart402.server.config;

import io.smart402.core.contract.ContractLimits;
import io.smart402.server.auth.ApiKeys;
import io.smart402.core.pipeline.ContractPipeline;
import io.smart402.shard.store.ReplicationSettings;
import io.smart402.shard.store.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The whole configuration, immutable, loaded once by {@link ConfigLoader}. */
public record ServerConfig(Http server, List<ApiKeys.KeySpec> keys, Pipeline pipeline, ContractLimits limits, Store store,
                           List<ShardSpec> shards, Embedded embedded) {

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

    /** Whether the embedded local fleet is used. */
    public boolean embeddedFleet() {
        return shards.isEmpty();
    }
}
