package io.smart402.bench.scenario;

import io.smart402.bench.infra.BenchFleet;
import io.smart402.bench.infra.ServerProcess;
import io.smart402.bench.load.LoadGenerator;
import io.smart402.bench.report.Results;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cost of the asynchronous replica: the same NDJSON ingest on 3 shards with 0 and with 1 replica each, and how
 * complete the replicas are once the server has drained its copy queues.
 */
final class ReplicationScenario {

    private ReplicationScenario() {
    }

    static void measure(BenchContext ctx, Profile p, Results.ScenarioBuilder b) {
        b.parameter("shards", 3).parameter("streams", p.streams()).parameter("contracts_per_batch", p.perBatch());
        Results.Run[] runs = new Results.Run[2];
        for (int replicas = 0; replicas <= 1; replicas++) {
            ctx.resetData();
            Results.Run run;
            try (ServerProcess server = ctx.startServer(replicas + "-replicas", 3, replicas, List.of());
                 LoadGenerator load = ctx.load(server.baseUrl(), p.streams() * 2)) {
                run = load.ndjsonBatches("replicas-" + replicas, ctx.workload().bodies(), 0, p.streams(),
                        p.perBatch(), p.warmup(), p.measure(), Map.of("replicas_per_shard", replicas))
                        .withDetails(ServerMetrics.storeFigures(server));
            }
            // The server drains its replica queues on a clean stop; count what every node holds after it.
            if (replicas == 1) {
                run = run.withDetails(copies(ctx.fleet()));
            }
            runs[replicas] = b.run(run);
        }
        ctx.resetData();
        b.ratio("1 replica / 0 replicas", runs[1], runs[0]);
    }

    static Map<String, Object> copies(BenchFleet fleet) {
        long primaries = 0;
        long replicas = 0;
        for (int s = 0; s < 3; s++) {
            primaries += fleet.rows(BenchFleet.primary(s));
            replicas += fleet.rows(BenchFleet.replica(s));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rows_on_primaries", primaries);
        out.put("rows_on_replicas_after_stop", replicas);
        out.put("replica_completeness", primaries == 0 ? Double.NaN : (double) replicas / primaries);
        return out;
    }
}
