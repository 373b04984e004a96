package io.smart402.server.app;

import io.smart402.server.config.ConfigException;
import io.smart402.server.config.ServerConfig;
import io.smart402.shard.routing.ConsistentHashStrategy;
import io.smart402.shard.routing.DirectoryStrategy;
import io.smart402.shard.routing.HashStrategy;
import io.smart402.shard.routing.RangeStrategy;
import io.smart402.shard.routing.ShardingStrategy;
import io.smart402.shard.store.ShardedContractStore;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Builds the configured {@link ShardingStrategy} ({@code store.strategy}) and brings it up with the store. */
final class Placement {

    private Placement() {
    }

    /**
     * The strategy over {@code shardIds}, validated before any node starts; errors name the configuration key.
     * A directory must still be {@link #connect connected} once the store is up.
     */
    static ShardingStrategy build(ServerConfig.Placement config, List<String> shardIds) {
        return switch (config.strategy()) {
            case "directory" -> DirectoryStrategy.withFallback(plain(config.directoryFallback(), config, shardIds));
            default -> plain(config.strategy(), config, shardIds);
        };
    }

    private static ShardingStrategy plain(String name, ServerConfig.Placement config, List<String> shardIds) {
        return switch (name) {
            case "consistent-hash" -> ConsistentHashStrategy.of(shardIds);
            case "hash" -> HashStrategy.of(shardIds);
            case "range" -> {
                try {
                    yield RangeStrategy.of(shardIds, config.ranges());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("'store.range.ranges': "
                            + e.getMessage().replace("ranges[", "store.range.ranges["), e);
                }
            }
            default -> throw new ConfigException("'store.strategy' must be one of consistent-hash, hash, range, "
                    + "directory, was '" + name + "'");
        };
    }

    /** Loads a directory strategy's table from the first shard's primary and starts its refresh; else nothing. */
    static Mono<Void> connect(ShardingStrategy strategy, ShardedContractStore store, ServerConfig.Placement config) {
        if (!(strategy instanceof DirectoryStrategy directory)) {
            return Mono.empty();
        }
        String node = store.topology().shards().get(0).primary().name();
        return directory.connect(store.pool(node).pool(), config.directoryRefresh(), Schedulers.parallel())
                .onErrorMap(e -> new IllegalStateException("store.strategy directory: node " + node + ": "
                        + e.getMessage(), e));
    }

    /** Stops a directory's refresh. */
    static void close(ShardingStrategy strategy) {
        if (strategy instanceof DirectoryStrategy directory) {
            directory.close();
        }
    }
}
