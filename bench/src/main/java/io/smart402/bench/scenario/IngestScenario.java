package io.smart402.bench.scenario;

import io.smart402.bench.baseline.PgBench;
import io.smart402.bench.baseline.PhasesBaseline;
import io.smart402.bench.baseline.StoreBaseline;
import io.smart402.bench.infra.JavaProcess;
import io.smart402.bench.infra.ServerProcess;
import io.smart402.bench.load.ContractBodies;
import io.smart402.bench.load.LoadGenerator;
import io.smart402.bench.load.LoadGenerator.Request;
import io.smart402.bench.report.Results;
import io.smart402.shard.store.StoreSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ingest end to end on the default shape (3 shards, a primary and one asynchronous replica each): NDJSON batch
 * streams and single {@code POST /contracts} (closed-loop peak, then open loop at 70% of it), beside the four
 * same-run baselines: (a) pgbench with the store's upsert and batching, (b) the store alone, (c) a bare Reactor
 * Netty echo under the same generator, (d) the phases alone per core.
 */
final class IngestScenario {

    private IngestScenario() {
    }

    static final int SHARDS = 3;
    static final int REPLICAS = 1;

    static void measure(BenchContext ctx, Profile p, Results.ScenarioBuilder b) {
        ContractBodies bodies = ctx.workload().bodies();
        int batchRows = StoreSettings.DEFAULTS.batchSize();
        b.parameter("shards", SHARDS).parameter("replicas_per_shard", REPLICAS)
                .parameter("streams", p.streams()).parameter("contracts_per_batch", p.perBatch())
                .parameter("closed_loop_workers", p.workers()).parameter("mean_request_bytes", bodies.meanBodyBytes())
                .parameter("mean_stored_document_bytes", ctx.workload().meanProcessedBytes())
                .parameter("store_batch_rows", batchRows);

        ctx.resetData();
        Results.Run ndjson;
        Results.Run peak;
        Results.Run open;
        try (ServerProcess server = ctx.startServer("ingest", SHARDS, REPLICAS, List.of());
             LoadGenerator load = ctx.load(server.baseUrl(), p.workers() * 2)) {
            ndjson = b.run(load.ndjsonBatches("ingest-ndjson", bodies, 0, p.streams(), p.perBatch(), p.warmup(),
                    p.measure(), Map.of()).withDetails(ServerMetrics.storeFigures(server)));
            long postBase = 100_000_000L;
            peak = b.run(load.closedLoop("ingest-post-peak",
                    i -> Request.postJson("/contracts", bodies.body(postBase + i), i), p.workers(), p.warmup(),
                    p.measure(), LoadGenerator.Listener.NONE, Map.of()));
            long openBase = 200_000_000L;
            double rate = Math.max(1, 0.7 * peak.throughput());
            open = b.run(load.openLoop("ingest-post-open-70pct",
                    i -> Request.postJson("/contracts", bodies.body(openBase + i), i), rate, p.open(), p.drain(),
                    LoadGenerator.Listener.NONE, Map.of("fraction_of_peak", 0.7)));
            b.note("server store figures after all three runs (warm-ups included): "
                    + ServerMetrics.storeFigures(server));
        }
        ctx.share("ingest.ndjson", ndjson);
        ctx.share("ingest.peak", peak);

        ctx.resetData();
        List<List<String>> owed = new java.util.ArrayList<>();
        for (int s = 0; s < SHARDS; s++) {
            owed.add(REPLICAS > 0 ? List.of(io.smart402.bench.infra.BenchFleet.replica(s)) : List.of());
        }
        Results.Run pg = b.baseline(PgBench.run("baseline-a-pgbench", ctx.workload(), ctx.fleet().primaries(SHARDS),
                owed, batchRows, 1, p.measure(), ctx.resultsDir()));
        ctx.resetData();
        Results.Run pgMore = b.baseline(PgBench.run("baseline-a-pgbench-4-clients", ctx.workload(),
                ctx.fleet().primaries(SHARDS), owed, batchRows, 4, p.measure(), ctx.resultsDir()));
        ctx.resetData();
        Results.Run store = b.baseline(StoreBaseline.run("baseline-b-store", ctx.workload(), ctx.fleet(), SHARDS,
                REPLICAS, 64, p.warmup(), p.measure(), ctx.progress()));
        Results.Run echo;
        try (JavaProcess echoServer = ctx.startEcho();
             LoadGenerator load = ctx.load(echoServer.baseUrl(), p.workers() * 2)) {
            echo = b.baseline(load.closedLoop("baseline-c-echo",
                    i -> Request.postJson("/contracts", bodies.body(i), i), p.workers(), p.warmup(), p.measure(),
                    LoadGenerator.Listener.NONE, Map.of("handler", "echo the POST body, 201")));
        }
        Results.Run phases = b.baseline(PhasesBaseline.run("baseline-d-phases", ctx.workload(), false,
                p.warmup(), p.measure(), ctx.progress()));
        Results.Run cpuPath = b.baseline(PhasesBaseline.run("baseline-d-cpu-path", ctx.workload(), true,
                p.warmup(), p.measure(), ctx.progress()));
        ctx.resetData();

        Results.Ratio vsPg = b.ratio("ingest-ndjson / pgbench (same batching)", ndjson, pg);
        b.ratio("ingest-ndjson / pgbench 4 clients per node", ndjson, pgMore);
        b.ratio("ingest-ndjson / store alone", ndjson, store);
        b.ratio("ingest-post-peak / echo (HTTP ceiling)", peak, echo);
        int cores = Runtime.getRuntime().availableProcessors();
        b.ratio(new Results.Ratio("ingest-ndjson / (cpu path per core x " + cores + " cores)",
                ndjson.throughput() / (cpuPath.throughput() * cores), ndjson.name(), cpuPath.name()));
        b.ratio(new Results.Ratio("ingest-ndjson / (phases per core x " + cores + " cores)",
                ndjson.throughput() / (phases.throughput() * cores), ndjson.name(), phases.name()));

        b.goal(new Results.Goal("ingest end to end >= 0.8 x baseline (a)", ">= 0.80",
                String.format("%.3f (%,.0f vs %,.0f rows/s)", vsPg.value(), ndjson.throughput(), pg.throughput()),
                vsPg.value() >= 0.8, "NDJSON batch ingest, durable on the primary, replica asynchronous"));
        b.goal(new Results.Goal("p99 at 70% of peak <= 50 ms", "<= 50 ms",
                String.format("%.1f ms at %,.0f req/s offered (peak %,.0f req/s)", open.latency().p99(),
                        0.7 * peak.throughput(), peak.throughput()),
                open.latency().p99() <= 50 && open.errors() == 0,
                "single POST /contracts, open loop, coordinated-omission corrected"
                        + (open.errors() > 0 ? "; " + open.errors() + " errors" : "")));
        Map<String, Object> perCore = new LinkedHashMap<>();
        perCore.put("phases_contracts_per_core_second", phases.throughput());
        perCore.put("cpu_path_contracts_per_core_second", cpuPath.throughput());
        b.parameter("cpu", perCore);
        ctx.share("baseline.pgbench", pg);
    }

    static Duration seconds(double s) {
        return Duration.ofMillis((long) (s * 1000));
    }
}
