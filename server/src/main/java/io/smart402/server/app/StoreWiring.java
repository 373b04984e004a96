package io.smart402.server.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.smart402.core.resilience.circuitbreaker.Breakers;
import io.smart402.server.config.ServerConfig;
import io.smart402.server.view.NodeView;
import io.smart402.server.view.ShardsView;
import io.smart402.server.view.StatsView;
import io.smart402.shard.launcher.LocalPostgres;
import io.smart402.shard.query.ScatterGather;
import io.smart402.shard.replication.ReplicationSettings;
import io.smart402.shard.repair.Repairer;
import io.smart402.shard.routing.ShardingStrategy;
import io.smart402.shard.store.NodeStats;
import io.smart402.shard.store.ShardedContractStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The storage, from the config: the fleet (embedded when no shards are configured), the placement strategy,
 * the sharded store with its per-node breakers, repair and scatter-gather listing; its readiness and views.
 */
final class StoreWiring implements AutoCloseable {

    private final Fleet fleet;
    private final ShardingStrategy strategy;
    private final ShardedContractStore store;
    private final Repairer repairer;
    private final ScatterGather scatter;

    private StoreWiring(Fleet fleet, ShardingStrategy strategy, ShardedContractStore store, ServerConfig config) {
        this.fleet = fleet;
        this.strategy = strategy;
        this.store = store;
        this.repairer = new Repairer(store, config.repair().chunkRows(), config.repair().queryTimeout());
        this.scatter = new ScatterGather(store, config.query().fanOut(), config.query().nodeTimeout());
    }

    /** Starts the fleet, connects the store and the placement; blocking — call at start-up only. */
    static StoreWiring start(ServerConfig config, Breakers breakers, MeterRegistry registry) {
        ShardingStrategy strategy = Placement.build(config.placement(), Fleet.shardIds(config));
        Fleet fleet = Fleet.open(config);
        ShardedContractStore store = null;
        try {
            store = ShardedContractStore.start(fleet.topology(), strategy, config.store().settings(),
                    config.store().replication(), config.store().queuePerShard(),
                    shard -> config.store().shardWriteLimit(), breakers, registry)
                    .block(Duration.ofMinutes(2));
            Placement.connect(strategy, store, config.placement()).block(Duration.ofMinutes(1));
            return new StoreWiring(fleet, strategy, store, config);
        } catch (RuntimeException e) {
            ShardedContractStore opened = store;
            throw Closing.afterFailure(e, List.<AutoCloseable>of(fleet, () -> {
                if (opened != null) {
                    opened.close().block(Duration.ofSeconds(10));
                }
            }, () -> Placement.close(strategy)));
        }
    }

    ShardedContractStore store() {
        return store;
    }

    ShardingStrategy strategy() {
        return strategy;
    }

    Repairer repairer() {
        return repairer;
    }

    ScatterGather scatter() {
        return scatter;
    }

    /** The embedded launcher, or null for configured shards. */
    LocalPostgres embedded() {
        return fleet.embedded();
    }

    /**
     * Each node's ping, and whether every shard has a node that can take writes under the configured failover
     * policy.
     */
    Mono<Map<String, Boolean>> ping() {
        return store.ping(Duration.ofSeconds(1));
    }

    boolean writable(Map<String, Boolean> nodes) {
        boolean failover = store.replication().writeFailover() == ReplicationSettings.WriteFailover.REPLICA;
        return store.topology().shards().stream().allMatch(shard ->
                nodes.getOrDefault(shard.primary().name(), false)
                        || failover && shard.replicas().stream().anyMatch(r -> nodes.getOrDefault(r.name(), false)));
    }

    /** The {@code shards} list of {@code /stats}. */
    List<NodeView> nodeViews() {
        return store.stats().stream().map(NodeView::of).toList();
    }

    /** The {@code replication} section of {@code /stats}. */
    StatsView.Replication replicationView() {
        return new StatsView.Replication(lower(store.replication().writeFailover()),
                lower(store.replication().readPreference()), store.replayedRows(), store.failoverWrites());
    }

    /** {@code GET /admin/shards}: topology, node health, breaker state, outbox depth and lag per shard. */
    ShardsView shardsView() {
        Map<String, List<ShardsView.Node>> nodesByShard = new LinkedHashMap<>();
        for (NodeStats n : store.stats()) {
            var health = store.health(n.node());
            nodesByShard.computeIfAbsent(n.shard(), id -> new ArrayList<>()).add(new ShardsView.Node(n.node(),
                    n.role(), n.host(), n.port(), n.database(), n.up(), health.available(), n.breaker(),
                    n.rttMicros() / 1000.0, n.outboxDepth(), n.outboxOldestSeconds(), health.lastError()));
        }
        List<ShardsView.Shard> shards = new ArrayList<>();
        nodesByShard.forEach((id, nodes) -> shards.add(new ShardsView.Shard(id, nodes)));
        return new ShardsView(store.strategy().name(), lower(store.replication().writeFailover()),
                lower(store.replication().readPreference()), shards);
    }

    /** One line per node (shard, role, name, address), for the start-up summary. */
    String topology() {
        StringBuilder out = new StringBuilder();
        for (NodeStats n : store.stats()) {
            out.append(String.format(Locale.ROOT, "  %-8s %-8s %-22s %s:%d/%s%n", n.shard(), n.role(), n.node(),
                    n.host(), n.port(), n.database()));
        }
        out.append(fleet.embedded() != null ? "  (embedded local PostgreSQL fleet; stopped with the server)"
                : "  (" + store.topology().shards().size() + " configured shards)");
        return out.toString();
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** Drains replica copies (bounded), closes pools, stops embedded databases; blocking. */
    @Override
    public void close() {
        Closing.closeAll(List.<AutoCloseable>of(fleet, () -> store.close().block(Duration.ofSeconds(15)),
                () -> Placement.close(strategy)));
    }
}
