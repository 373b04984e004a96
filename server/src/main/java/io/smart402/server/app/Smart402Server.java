package io.smart402.server.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.smart402.core.contract.ContractCodec;
import io.smart402.core.contract.ContractReader;
import io.smart402.core.phase.Phase;
import io.smart402.core.pipeline.ContractPipeline;
import io.smart402.core.store.HybridLogicalClock;
import io.smart402.server.auth.AdminGuard;
import io.smart402.server.config.ServerConfig;
import io.smart402.server.http.DeadLetterRoutes;
import io.smart402.server.http.ContractRoutes;
import io.smart402.server.http.HttpMetrics;
import io.smart402.server.http.OpsRoutes;
import io.smart402.server.http.Problems;
import io.smart402.server.http.Responses;
import io.smart402.server.service.ContractService;
import io.smart402.shard.launcher.LocalPostgres;
import io.smart402.shard.ring.ConsistentHashRing;
import io.smart402.shard.store.NodeStats;
import io.smart402.shard.store.ShardedContractStore;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The composition root: builds the whole object graph from one {@link ServerConfig} and runs it. Start and
 * close are blocking and belong on the main thread.
 */
public final class Smart402Server implements AutoCloseable {

    private static final Set<String> KNOWN_PATHS = Set.of("contracts", "contracts/batch", "health", "ready",
            "metrics", "stats", "admin/dead-letters");

    private final Fleet fleet;
    private final ShardedContractStore store;
    private final ContractService service;
    private final DisposableServer http;
    private final PrometheusMeterRegistry registry;
    private final AdmissionWiring admission;

    private Smart402Server(Fleet fleet, ShardedContractStore store, ContractService service, DisposableServer http,
                           PrometheusMeterRegistry registry, AdmissionWiring admission) {
        this.admission = admission;
        this.fleet = fleet;
        this.store = store;
        this.service = service;
        this.http = http;
        this.registry = registry;
    }

    /** Starts the fleet (embedded when no shards are configured), the store and the HTTP server. */
    public static Smart402Server start(ServerConfig config, List<Phase> phases, PrintStream out) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Fleet fleet = Fleet.open(config);
        ShardedContractStore store = null;
        AdmissionWiring admission = null;
        try {
            store = ShardedContractStore.start(fleet.topology(), ConsistentHashRing.of(fleet.topology().shardIds()),
                    config.store().settings(), config.store().queuePerShard(), registry).block(Duration.ofMinutes(2));
            int concurrency = config.pipeline().concurrency() > 0 ? config.pipeline().concurrency()
                    : 2 * Runtime.getRuntime().availableProcessors();
            ContractPipeline pipeline = ContractPipeline.builder().phases(phases).concurrency(concurrency)
                    .meterRegistry(registry).build();
            admission = AdmissionWiring.start(config, fleet.topology(), store, concurrency, registry);
            ContractService service = new ContractService(new ContractCodec(config.limits()),
                    new ContractReader(config.limits()), pipeline, store, admission.writes(), admission.gate(),
                    new HybridLogicalClock(Clock.systemUTC()), registry);
            DisposableServer http = bind(config, service, store, registry, admission);
            Smart402Server server = new Smart402Server(fleet, store, service, http, registry, admission);
            server.printTopology(out);
            return server;
        } catch (RuntimeException e) {
            if (admission != null) {
                admission.close();
            }
            if (store != null) {
                store.close().block(Duration.ofSeconds(10));
            }
            fleet.close();
            throw e;
        }
    }

    private static DisposableServer bind(ServerConfig config, ContractService service, ShardedContractStore store,
                                         PrometheusMeterRegistry registry, AdmissionWiring admission) {
        HttpMetrics metrics = new HttpMetrics(registry);
        ContractRoutes contracts = new ContractRoutes(service, admission.admission(), config);
        DeadLetterRoutes deadLetters = new DeadLetterRoutes(admission.writes());
        AdminGuard guard = admission.adminGuard();
        OpsRoutes ops = new OpsRoutes(registry,
                () -> store.ping(Duration.ofSeconds(1)).map(Smart402Server::readiness),
                () -> {
                    ObjectNode doc = stats(service, store, metrics);
                    admission.addStats(doc);
                    return doc;
                });
        return HttpServer.create()
                .host(config.server().host())
                .port(config.server().port())
                .idleTimeout(config.server().idleTimeout())
                .httpRequestDecoder(spec -> spec.maxHeaderSize(config.server().maxHeaderBytes())
                        .maxInitialLineLength(8192))
                .route(routes -> routes
                        .post("/contracts", metrics.route("/contracts", contracts::post))
                        .post("/contracts/batch", metrics.route("/contracts/batch", contracts::batch))
                        .get("/contracts/{id}", metrics.route("/contracts/{id}", contracts::get))
                        .get("/health", metrics.route("/health", ops::health))
                        .get("/ready", metrics.route("/ready", ops::ready))
                        .get("/metrics", metrics.route("/metrics", ops::metrics))
                        .get("/stats", metrics.route("/stats", ops::stats))
                        .get("/admin/dead-letters", metrics.route("/admin/dead-letters", guard.admin(deadLetters::list)))
                        .post("/admin/dead-letters/{id}/replay", metrics.route("/admin/dead-letters/{id}/replay",
                                guard.admin(deadLetters::replay)))
                        .delete("/admin/dead-letters/{id}", metrics.route("/admin/dead-letters/{id}",
                                guard.admin(deadLetters::delete)))
                        .route(request -> true, metrics.route("unmatched", Smart402Server::unmatched)))
                .bindNow(Duration.ofSeconds(30));
    }

    private static org.reactivestreams.Publisher<Void> unmatched(HttpServerRequest request,
                                                                 HttpServerResponse response) {
        String path = request.path();
        boolean known = KNOWN_PATHS.contains(path) || path.startsWith("contracts/")
                || path.startsWith("admin/dead-letters/");
        return Responses.problem(request, response, known
                ? Problems.methodNotAllowed(request.method().name(), "/" + path)
                : Problems.notFound("no route for " + request.method().name() + " /" + path));
    }

    private static ObjectNode readiness(Map<String, Boolean> nodes) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        ObjectNode shards = doc.putObject("nodes");
        nodes.forEach(shards::put);
        boolean primariesUp = nodes.entrySet().stream()
                .filter(e -> e.getKey().endsWith("-primary") || !e.getKey().contains("-replica"))
                .allMatch(Map.Entry::getValue);
        doc.put("ready", primariesUp);
        return doc;
    }

    private static ObjectNode stats(ContractService service, ShardedContractStore store, HttpMetrics metrics) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        ObjectNode orchestrator = doc.putObject("orchestrator");
        long ok = service.successfulContracts();
        long failed = service.failedContracts();
        orchestrator.put("total_contracts_processed", ok + failed);
        orchestrator.put("successful_contracts", ok);
        orchestrator.put("failed_contracts", failed);
        orchestrator.put("invalid_contracts", service.invalidContracts());
        ObjectNode pipeline = doc.putObject("pipeline");
        pipeline.put("concurrency", service.pipeline().concurrency());
        pipeline.put("in_flight", service.pipeline().inFlight());
        ObjectNode inFlight = doc.putObject("in_flight");
        inFlight.put("http_requests", metrics.inFlight());
        inFlight.put("contracts_in_phases", service.pipeline().inFlight());
        inFlight.put("writes_queued", store.queuedWrites());
        ArrayNode shards = doc.putArray("shards");
        for (NodeStats n : store.stats()) {
            ObjectNode node = shards.addObject();
            node.put("shard", n.shard()).put("role", n.role()).put("node", n.node()).put("host", n.host())
                    .put("port", n.port()).put("database", n.database())
                    .put("pool_acquired", n.poolAcquired()).put("pool_max", n.poolMax());
            if (n.role().equals("replica")) {
                node.put("replica_pending_batches", n.replicaPendingBatches())
                        .put("replica_written_rows", n.replicaWrittenRows())
                        .put("replica_failed_rows", n.replicaFailedRows())
                        .put("replica_dropped_rows", n.replicaDroppedRows());
            }
        }
        return doc;
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

    /** Stops accepting connections, drains replica copies (bounded), closes pools, stops embedded databases. */
    @Override
    public void close() {
        try {
            http.disposeNow(Duration.ofSeconds(10));
            admission.close();
        } finally {
            try {
                store.close().block(Duration.ofSeconds(15));
            } finally {
                fleet.close();
            }
        }
    }
}
