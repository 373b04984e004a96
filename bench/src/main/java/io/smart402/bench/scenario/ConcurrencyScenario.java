package io.smart402.bench.scenario;

import io.smart402.bench.infra.ServerProcess;
import io.smart402.bench.load.LoadGenerator;
import io.smart402.bench.report.Results;
import java.util.List;
import java.util.Map;

/**
 * The original's 10–50x claim for "distributed processing": one NDJSON stream into a server that handles one
 * contract at a time ({@code server.batch-concurrency=1}, {@code pipeline.concurrency=1}: phases, then the durable
 * write, then the next contract — the prototype's sequential loop) versus the default concurrent pipeline.
 */
final class ConcurrencyScenario {

    private ConcurrencyScenario() {
    }

    static final double CLAIM_LOW = 10;
    static final double CLAIM_HIGH = 50;
    static final int PER_BATCH = 100;

    static void measure(BenchContext ctx, Profile p, Results.ScenarioBuilder b) {
        b.parameter("shards", 3).parameter("replicas_per_shard", 1).parameter("streams", 1)
                .parameter("contracts_per_batch", Math.min(PER_BATCH, p.perBatch()));
        Results.Run sequential = stream(ctx, b, "sequential",
                List.of("server.batch-concurrency=1", "pipeline.concurrency=1"));
        Results.Run concurrent = stream(ctx, b, "concurrent", List.of());
        Results.Ratio speedup = b.ratio("speedup concurrent / sequential", concurrent, sequential);
        b.goal(new Results.Goal("concurrency speedup (original claim: 10-50x)", "claim >= 10x",
                String.format("%.1fx (%,.0f vs %,.0f contracts/s)", speedup.value(), concurrent.throughput(),
                        sequential.throughput()), speedup.value() >= CLAIM_LOW,
                "same client (one stream), same 3-shard fleet; only the server's concurrency differs"));
    }

    private static Results.Run stream(BenchContext ctx, Results.ScenarioBuilder b, String name, List<String> set) {
        Profile p = ctx.profile();
        ctx.resetData();
        try (ServerProcess server = ctx.startServer("concurrency-" + name, 3, 1, set);
             LoadGenerator load = ctx.load(server.baseUrl(), 4)) {
            return b.run(load.ndjsonBatches("concurrency-" + name, ctx.workload().bodies(), 0, 1,
                    Math.min(PER_BATCH, p.perBatch()),
                    p.warmup(), p.measure(), Map.of("server_overrides", set.isEmpty() ? "defaults" : set)));
        }
    }
}
