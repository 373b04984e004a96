package io.smart402.bench.scenario;

import io.smart402.bench.infra.ServerProcess;
import io.smart402.bench.load.LoadGenerator;
import io.smart402.bench.report.Results;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Shard scaling: the same NDJSON batch ingest on 1, 2 and 3 shards (primaries only, so the figure is about
 * shards). Efficiency(n) = throughput(n) / (n x throughput(1)); the original claimed linear scaling (1.0).
 */
final class ShardsScenario {

    private ShardsScenario() {
    }

    static final double CLAIMED_EFFICIENCY = 1.0;

    static void measure(BenchContext ctx, Profile p, Results.ScenarioBuilder b) {
        b.parameter("streams", p.streams()).parameter("contracts_per_batch", p.perBatch());
        List<Results.Run> runs = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            ctx.resetData();
            try (ServerProcess server = ctx.startServer(n + "-shards", n, 0, List.of());
                 LoadGenerator load = ctx.load(server.baseUrl(), p.streams() * 2)) {
                runs.add(b.run(load.ndjsonBatches("shards-" + n, ctx.workload().bodies(), 0, p.streams(),
                        p.perBatch(), p.warmup(), p.measure(), Map.of("shards", n))
                        .withDetails(ServerMetrics.storeFigures(server))));
            }
        }
        ctx.resetData();
        Results.Run one = runs.get(0);
        for (int n = 2; n <= 3; n++) {
            Results.Run r = runs.get(n - 1);
            double efficiency = r.throughput() / (n * one.throughput());
            b.ratio(new Results.Ratio("efficiency " + n + " shards", efficiency, r.name(), one.name()));
            b.ratio("speedup " + n + " shards vs 1", r, one);
        }
        Results.Run three = runs.get(2);
        double eff3 = three.throughput() / (3 * one.throughput());
        b.goal(new Results.Goal("shard-scaling efficiency at 3 shards (original claim: linear = 1.0)",
                "claim >= 0.9", String.format("%.2f (%,.0f vs 3 x %,.0f contracts/s)", eff3, three.throughput(),
                        one.throughput()), eff3 >= 0.9 * CLAIMED_EFFICIENCY,
                "all shards share this machine's cores with the server and the client"));
    }
}
