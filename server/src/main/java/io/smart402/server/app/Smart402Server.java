package io.smart402.server.app;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.smart402.core.contract.ContractCodec;
import io.smart402.core.contract.ContractReader;
import io.smart402.core.phase.Phase;
import io.smart402.core.pipeline.ContractPipeline;
import io.smart402.core.resilience.circuitbreaker.Breakers;
import io.smart402.core.store.HybridLogicalClock;
import io.smart402.server.config.ServerConfig;
import io.smart402.server.drain.Drain;
import io.smart402.server.http.DrainGate;
import io.smart402.server.http.AdminRoutes;
import io.smart402.server.http.CacheRoutes;
import io.smart402.server.http.ContractRoutes;
import io.smart402.server.http.DeadLetterRoutes;
import io.smart402.server.http.HttpFront;
import io.smart402.server.http.HttpMetrics;
import io.smart402.server.http.OpsRoutes;
import io.smart402.server.http.QueryRoutes;
import io.smart402.server.http.RepairRoutes;
import io.smart402.server.http.RouteTable;
import io.smart402.server.service.ContractService;
import io.smart402.server.live.LiveSection;
import io.smart402.server.view.ReadinessView;
import io.smart402.server.view.StatsView;
import io.smart402.shard.launcher.LocalPostgres;
import io.smart402.shard.repair.RepairReport;
import io.smart402.shard.repair.Repairer;
import io.smart402.shard.routing.ShardingStrategy;
import io.smart402.shard.store.ShardedContractStore;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.DisposableServer;

/**
 * The composition root: builds the whole object graph from one {@link ServerConfig}, capability by capability
 * (store, cache, admission, writes, the service, the HTTP routes), and runs it. The one place that picks the
 * system clock. Start and close are blocking and belong on the main thread.
 */
public final class Smart402Server implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Smart402Server.class);

    private final StoreWiring storage;
    private final CacheWiring cache;
    private final AdmissionWiring admission;
    private final WriteWiring writes;
    private final MetricsWiring metrics;
    private final DashboardWiring dashboard;
    private final FeedWiring feed;
    private final AutoscalerWiring autoscaler;
    private final PrometheusMeterRegistry registry;
    private final DisposableServer http;
    private final Drainer drainer;

    private Smart402Server(StoreWiring storage, CacheWiring cache, AdmissionWiring admission, WriteWiring writes,
                           MetricsWiring metrics, DashboardWiring dashboard, FeedWiring feed,
                           AutoscalerWiring autoscaler, PrometheusMeterRegistry registry, DisposableServer http,
                           Drainer drainer) {
        this.autoscaler = autoscaler;
        this.storage = storage;
        this.cache = cache;
        this.admission = admission;
        this.writes = writes;
        this.metrics = metrics;
        this.dashboard = dashboard;
        this.feed = feed;
        this.registry = registry;
        this.http = http;
        this.drainer = drainer;
    }

    /** Starts a server on the system clock and the standard schedulers. */
    public static Smart402Server start(ServerConfig config, List<Phase> phases) {
        return start(config, Clock.systemUTC(), ServerSchedulers.standard(), phases);
    }

    /**
     * Starts the fleet (embedded when no shards are configured), the store and the HTTP server, and logs the
     * address and topology (a log line, not a print: in JSON mode stdout holds JSON lines only).
     *
     * @param clock      the time of everything that reads time (versions, timestamps, retries, breakers, dead
     *                   letters); only this composition root may pick the system clock
     * @param schedulers where CPU work runs
     */
    public static Smart402Server start(ServerConfig config, Clock clock, ServerSchedulers schedulers,
                                       List<Phase> phases) {
        PrometheusMeterRegistry registry = MetricsWiring.newRegistry();
        // One breaker registry for the process: every node, the Redis cache and the Redis limiter publish here.
        Breakers breakers = new Breakers(clock, registry);
        List<AutoCloseable> started = new ArrayList<>();
        try {
            StoreWiring storage = started(started, StoreWiring.start(config, breakers, registry));
            MetricsWiring metrics = started(started, MetricsWiring.bind(registry, storage.store()));
            FeedWiring feed = started(started, FeedWiring.start(config, storage.store(), registry));
            int concurrency = config.pipeline().resolvedConcurrency();
            ContractPipeline pipeline = ContractPipeline.builder().phases(phases).concurrency(concurrency)
                    .scheduler(schedulers.cpu()).clock(clock).meterRegistry(registry).build();
            CacheWiring cache = started(started, CacheWiring.start(config.cache(), storage.store(), breakers,
                    registry));
            AdmissionWiring admission = started(started, AdmissionWiring.start(config, concurrency, breakers,
                    clock, registry));
            WriteWiring writes = started(started, WriteWiring.start(config.admission(),
                    storage.store().topology(), storage.store(), clock, registry, cache.writeListener()));
            ContractService service = new ContractService(new ContractCodec(config.limits()),
                    new ContractReader(config.limits()), pipeline, storage.store(), writes.writes(),
                    admission.gate(), cache.contracts(), cache.phaseResults(), new HybridLogicalClock(clock, nodeId(config.server())),
                    registry);
            Drain drain = new Drain();
            DashboardWiring dashboard = started(started, DashboardWiring.start(config, clock, schedulers, registry));
            AutoscalerWiring autoscaler = started(started, AutoscalerWiring.start(config.autoscaler(), registry));
            if (autoscaler.scaler() != null) {
                // The dashboard draws the scaler's instances and decisions only when one runs.
                dashboard.section(new LiveSection("autoscaler", autoscaler::view));
            }
            DisposableServer http = HttpFront.bind(config.server(), routes(config, service, storage, cache,
                    admission, writes, autoscaler, breakers, registry, drain, dashboard, feed));
            Smart402Server server = new Smart402Server(storage, cache, admission, writes, metrics, dashboard, feed,
                    autoscaler, registry, http, new Drainer(drain, config.server().drainTimeout(), clock));
            server.logStarted();
            return server;
        } catch (RuntimeException e) {
            throw Closing.afterFailure(e, started);
        }
    }

    /**
     * Runs one repair over the configured fleet (embedded when no shards are configured) without serving HTTP,
     * prints the report as JSON to {@code out}, stops everything it started (the {@code repair} command).
     */
    public static RepairReport repairOnce(ServerConfig config, PrintStream out) {
        Fleet.requireEmbeddedIdle(config);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (StoreWiring storage = StoreWiring.start(config, new Breakers(registry), registry)) {
            RepairReport report = storage.repairer().repairAll().block();
            // In JSON logging mode stdout holds one JSON object per line, the report included.
            boolean jsonLines = config.logging().format() == io.smart402.server.config.LoggingConfig.Format.JSON;
            out.println(jsonLines ? RepairRoutes.json(report).toString() : RepairRoutes.json(report).toPrettyString());
            out.flush();
            return report;
        }
    }

    private static RouteTable routes(ServerConfig config, ContractService service, StoreWiring storage,
                                     CacheWiring cache, AdmissionWiring admission, WriteWiring writes,
                                     AutoscalerWiring autoscaler, Breakers breakers,
                                     PrometheusMeterRegistry registry, Drain drain, DashboardWiring dashboard,
                                     FeedWiring feed) {
        HttpMetrics metrics = new HttpMetrics(registry, config.server().lingering());
        Supplier<StatsView> stats = () -> stats(service, storage, cache, admission, writes, autoscaler, breakers,
                metrics);
        ContractRoutes contracts = new ContractRoutes(service, admission.admission(), config, drain);
        QueryRoutes query = new QueryRoutes(storage.scatter(), admission.admission(), config.query());
        OpsRoutes ops = new OpsRoutes(registry,
                // Warming holds readiness at most cache.warming.max-wait (the warmer stops by then).
                () -> storage.ping().map(nodes -> ReadinessView.of(nodes, storage.writable(nodes),
                        cache.warmingFinished(), drain.draining(), cache.warmingView())),
                stats);
        AdminRoutes admin = new AdminRoutes(admission.adminGuard(), storage::shardsView,
                new RepairRoutes(storage.repairer(), storage.store().topology()),
                new DeadLetterRoutes(writes.writes()), new CacheRoutes(cache.contracts()));
        return RouteTable.of(metrics, new DrainGate(drain), contracts, query, ops, admin, dashboard.routes(stats),
                feed.routes(admission.admission()));
    }

    private static StatsView stats(ContractService service, StoreWiring storage, CacheWiring cache,
                                   AdmissionWiring admission, WriteWiring writes, AutoscalerWiring autoscaler,
                                   Breakers breakers, HttpMetrics metrics) {
        long ok = service.successfulContracts();
        long failed = service.failedContracts();
        return new StatsView(
                new StatsView.Orchestrator(ok + failed, ok, failed, service.invalidContracts()),
                new StatsView.Pipeline(service.pipeline().concurrency(), service.pipeline().inFlight()),
                new StatsView.InFlight(metrics.inFlight(), service.pipeline().inFlight(),
                        storage.store().queuedWrites()),
                storage.nodeViews(), storage.replicationView(), admission.rateLimiterView(),
                breakers.all().stream().map(StatsView.BreakerView::of).toList(), admission.priorityView(),
                writes.deadLettersView(), cache.view(), autoscaler.view());
    }

    /** The configured HLC node id, or one derived from the port (logged: two instances must not share one). */
    static int nodeId(ServerConfig.Http http) {
        int id = http.nodeId() >= 0 ? http.nodeId()
                : http.port() > 0 ? http.port() % (HybridLogicalClock.MAX_NODE_ID + 1)
                : java.util.concurrent.ThreadLocalRandom.current().nextInt(HybridLogicalClock.MAX_NODE_ID + 1);
        LOG.info("version clock node id {} ({})", id, http.nodeId() >= 0 ? "server.node-id"
                : http.port() > 0 ? "derived from port " + http.port() : "random: port 0");
        return id;
    }

    private static <T extends AutoCloseable> T started(List<AutoCloseable> started, T part) {
        started.add(part);
        return part;
    }

    private void logStarted() {
        LOG.info("Smart402 Reactive listening on http://{}:{}\n{}", http.host(), http.port(), storage.topology());
    }

    public int port() {
        return http.port();
    }

    public ShardedContractStore store() {
        return storage.store();
    }

    /** The embedded launcher (to kill or restart nodes in tests), or null for external shards. */
    public LocalPostgres embeddedFleet() {
        return storage.embedded();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The placement strategy in use. */
    public ShardingStrategy strategy() {
        return storage.strategy();
    }

    public Repairer repairer() {
        return storage.repairer();
    }

    /**
     * Drains this instance before {@link #close}: not ready, new requests refused, requests in flight given
     * {@code server.drain-timeout} (batch streams hand back what they have not started). Blocking: call it from
     * the thread that stops the server (the shutdown hook).
     *
     * @return whether every request in flight finished in time
     */
    public boolean drain() {
        return drainer.drain();
    }

    /** Stops accepting connections, then closes writes, admission, cache and storage (the last drains copies). */
    @Override
    public void close() {
        LOG.info("stopping: no new connections, draining requests in flight and replica copies");
        try {
            // Open stats streams and change feeds never end by themselves: end them first, or disposing would wait
            // for them.
            dashboard.close();
            feed.close();
            http.disposeNow(Duration.ofSeconds(10));
        } finally {
            Closing.closeAll(List.of(autoscaler, feed, storage, metrics, cache, admission, writes));
            LOG.info("stopped");
        }
    }
}
