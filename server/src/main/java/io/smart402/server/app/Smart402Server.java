package io.smart402.server.app;

import io.smart402.server.view.NodeView;
import io.smart402.server.view.ReadinessView;
import io.smart402.server.view.ShardsView;
import io.smart402.server.view.StatsView;
import io.smart402.shard.store.ReplicationSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.smart402.core.contract.ContractCodec;
import io.smart402.core.contract.ContractReader;
import io.smart402.core.phase.Phase;
import io.smart402.core.pipeline.ContractPipeline;
import io.smart402.core.store.HybridLogicalClock;
import io.smart402.server.auth.AdminGuard;
import io.smart402.server.config.ServerConfig;
import io.smart402.server.http.CacheRoutes;
import io.smart402.server.http.DeadLetterRoutes;
import io.smart402.server.http.ContractRoutes;
import io.smart402.server.http.HttpMetrics;
import io.smart402.server.http.OpsRoutes;
import io.smart402.server.http.AdminRoutes;
import io.smart402.server.http.HttpFront;
import io.smart402.server.http.RouteTable;
import io.smart402.server.service.ContractService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smart402.server.http.QueryRoutes;
import io.smart402.server.http.RepairRoutes;
import io.smart402.shard.launcher.LocalPostgres;
import io.smart402.shard.query.ScatterGather;
import io.smart402.shard.repair.RepairReport;
import io.smart402.shard.repair.Repairer;
import io.smart402.shard.routing.ShardingStrategy;
import io.smart402.shard.store.NodeStats;
import io.smart402.shard.store.ShardedContractStore;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import reactor.netty.DisposableServer;

/**
 * The composition root: builds the whole object graph from one {@link ServerConfig} and runs it. Start and
 * close are blocking and belong on the main thread.
 */
public final class Smart402Server implements AutoCloseable {

    private final Fleet fleet;
    private final ShardedContractStore store;
    private final ContractService service;
    private final DisposableServer http;
    private final PrometheusMeterRegistry registry;
    private final ShardingStrategy strategy;
    private final Repairer repairer;
    private final AdmissionWiring admission;
    private final CacheWiring cache;

    private Smart402Server(Fleet fleet, ShardedContractStore store, ContractService service, DisposableServer http,
                           PrometheusMeterRegistry registry, ShardingStrategy strategy, Repairer repairer,
                           AdmissionWiring admission, CacheWiring cache) {
        this.admission = admission;
        this.cache = cache;
        this.fleet = fleet;
        this.store = store;
        this.service = service;
        this.http = http;
        this.registry = registry;
        this.strategy = strategy;
        this.repairer = repairer;
    }

    /** Starts a server with the standard phases, the system clock and the standard schedulers. */
    public static Smart402Server start(ServerConfig config, List<Phase> phases, PrintStream out) {
        return start(config, Clock.systemUTC(), ServerSchedulers.standard(), phases, out);
    }

    /**
     * Starts the fleet (embedded when no shards are configured), the store and the HTTP server.
     *
     * @param clock      the time of everything that reads time (versions, timestamps, retries, breakers, dead
     *                   letters); only this composition root may pick the system clock
     * @param schedulers where CPU work runs
     */
    public static Smart402Server start(ServerConfig config, Clock clock, ServerSchedulers schedulers,
                                       List<Phase> phases, PrintStream out) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ShardingStrategy strategy = Placement.build(config.placement(), Fleet.shardIds(config));
        Fleet fleet = Fleet.open(config);
        ShardedContractStore store = null;
        AdmissionWiring admission = null;
        CacheWiring cache = null;
        try {
            store = ShardedContractStore.start(fleet.topology(), strategy,
                    config.store().settings(), config.store().replication(), config.store().queuePerShard(),
                    registry).block(Duration.ofMinutes(2));
            Placement.connect(strategy, store, config.placement()).block(Duration.ofMinutes(1));
            Repairer repairer = new Repairer(store, config.repair().chunkRows(), config.repair().queryTimeout());
            int concurrency = config.pipeline().concurrency() > 0 ? config.pipeline().concurrency()
                    : 2 * Runtime.getRuntime().availableProcessors();
            ContractPipeline pipeline = ContractPipeline.builder().phases(phases).concurrency(concurrency)
                    .scheduler(schedulers.cpu()).clock(clock).meterRegistry(registry).build();
            cache = CacheWiring.start(config.cache(), store, pipeline, registry);
            admission = AdmissionWiring.start(config, fleet.topology(), store, concurrency, clock, registry,
                    cache.afterWrite());
            ContractService service = new ContractService(new ContractCodec(config.limits()),
                    new ContractReader(config.limits()), pipeline, store, admission.writes(), admission.gate(),
                    cache.contracts(), cache.phaseResults(), new HybridLogicalClock(clock), registry);
            DisposableServer http = bind(config, service, store, registry, repairer, admission, cache);
            Smart402Server server = new Smart402Server(fleet, store, service, http, registry, strategy, repairer,
                    admission, cache);
            server.printTopology(out);
            return server;
        } catch (RuntimeException e) {
            Placement.close(strategy);
            if (admission != null) {
                admission.close();
            }
            if (cache != null) {
                cache.close();
            }
            if (store != null) {
                store.close().block(Duration.ofSeconds(10));
            }
            fleet.close();
            throw e;
        }
    }

    /**
     * Runs one repair over the configured fleet (embedded when no shards are configured) without serving HTTP,
     * prints the report as JSON to {@code out}, stops everything it started (the {@code repair} command).
     */
    public static RepairReport repairOnce(ServerConfig config, PrintStream out) {
        ShardingStrategy strategy = Placement.build(config.placement(), Fleet.shardIds(config));
        Fleet.requireEmbeddedIdle(config);
        try (Fleet fleet = Fleet.open(config)) {
            ShardedContractStore store = ShardedContractStore.start(fleet.topology(), strategy,
                    config.store().settings(), config.store().replication(), config.store().queuePerShard(),
                    new SimpleMeterRegistry()).block(Duration.ofMinutes(2));
            try {
                RepairReport report = new Repairer(store, config.repair().chunkRows(), config.repair().queryTimeout())
                        .repairAll().block();
                out.println(RepairRoutes.json(report).toPrettyString());
                out.flush();
                return report;
            } finally {
                store.close().block(Duration.ofSeconds(15));
            }
        }
    }

    private static DisposableServer bind(ServerConfig config, ContractService service, ShardedContractStore store,
                                         PrometheusMeterRegistry registry, Repairer repairer,
                                         AdmissionWiring admission, CacheWiring cache) {
        HttpMetrics metrics = new HttpMetrics(registry);
        AdminGuard admin = admission.adminGuard();
        ContractRoutes contracts = new ContractRoutes(service, admission.admission(), config);
        DeadLetterRoutes deadLetters = new DeadLetterRoutes(admission.writes());
        QueryRoutes query = new QueryRoutes(new ScatterGather(store, config.query().fanOut(),
                config.query().nodeTimeout()), admission.admission(), config.query());
        RepairRoutes repair = new RepairRoutes(repairer, store.topology());
        CacheRoutes cacheRoutes = new CacheRoutes(cache.contracts());
        OpsRoutes ops = new OpsRoutes(registry,
                // Warming holds readiness at most cache.warming.max-wait (the warmer stops by then).
                () -> store.ping(Duration.ofSeconds(1)).map(nodes -> new ReadinessView(nodes,
                        ready(store, nodes) && cache.warmingFinished(), cache.warmingView())),
                () -> stats(service, store, metrics, admission, cache));
        AdminRoutes adminRoutes = new AdminRoutes(admin, () -> shards(store), repair, deadLetters, cacheRoutes);
        return HttpFront.bind(config.server(), RouteTable.of(metrics, contracts, query, ops, adminRoutes));
    }

    /** Ready when every shard has a node that can take writes under the configured failover policy. */
    private static boolean ready(ShardedContractStore store, Map<String, Boolean> nodes) {
        boolean failover = store.replication().writeFailover() == ReplicationSettings.WriteFailover.REPLICA;
        return store.topology().shards().stream().allMatch(shard ->
                nodes.getOrDefault(shard.primary().name(), false)
                        || failover && shard.replicas().stream().anyMatch(r -> nodes.getOrDefault(r.name(), false)));
    }

    private static StatsView stats(ContractService service, ShardedContractStore store, HttpMetrics metrics,
                                   AdmissionWiring admission, CacheWiring cache) {
        long ok = service.successfulContracts();
        long failed = service.failedContracts();
        return new StatsView(
                new StatsView.Orchestrator(ok + failed, ok, failed, service.invalidContracts()),
                new StatsView.Pipeline(service.pipeline().concurrency(), service.pipeline().inFlight()),
                new StatsView.InFlight(metrics.inFlight(), service.pipeline().inFlight(), store.queuedWrites()),
                store.stats().stream().map(NodeView::of).toList(),
                new StatsView.Replication(lower(store.replication().writeFailover()),
                        lower(store.replication().readPreference()), store.replayedRows(), store.failoverWrites()),
                admission.rateLimiterView(), admission.breakerViews(), admission.priorityView(),
                admission.deadLettersView(), cache.view());
    }

    /** {@code GET /admin/shards}: topology, node health, breaker state, outbox depth and lag per shard. */
    private static ShardsView shards(ShardedContractStore store) {
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

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private void printTopology(PrintStream out) {
        out.println("Smart402 Reactive listening on http://" + http.host() + ":" + http.port());
        for (NodeStats n : store.stats()) {
            out.printf("  %-8s %-8s %-22s %s:%d/%s%n", n.shard(), n.role(), n.node(), n.host(), n.port(), n.database());
        }
        if (fleet.embedded() != null) {
            out.println("  (embedded local PostgreSQL fleet; stopped with the server)");
        }
        out.flush();
    }

    public int port() {
        return http.port();
    }

    public ShardedContractStore store() {
        return store;
    }

    /** The embedded launcher (to kill or restart nodes in tests), or null for external shards. */
    public LocalPostgres embeddedFleet() {
        return fleet.embedded();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The placement strategy in use. */
    public ShardingStrategy strategy() {
        return strategy;
    }

    public Repairer repairer() {
        return repairer;
    }

    /** Stops accepting connections, drains replica copies (bounded), closes pools, stops embedded databases. */
    @Override
    public void close() {
        try {
            Placement.close(strategy);
            http.disposeNow(Duration.ofSeconds(10));
            admission.close();
            cache.close();
        } finally {
            try {
                store.close().block(Duration.ofSeconds(15));
            } finally {
                fleet.close();
            }
        }
    }
}
