package io.smart402.bench.scenario;

import io.smart402.bench.report.Results;
import java.util.List;

/**
 * One bench scenario: starts what it needs, measures, stops what it started.
 *
 * @param measure fills the scenario's results: parameters, runs, baselines, ratios and goals
 */
public record Scenario(String name, String description, Measure measure) {

    /** What a scenario does, given the bench, its profile and its results to fill. */
    @FunctionalInterface
    public interface Measure {
        void into(BenchContext context, Profile profile, Results.ScenarioBuilder results);
    }

    /** Runs the scenario and returns its section of the results. */
    public Results.Scenario run(BenchContext context) {
        Results.ScenarioBuilder results = new Results.ScenarioBuilder(name, description);
        measure.into(context, context.profile(), results);
        return results.build();
    }

    /** Every scenario, in suite order. */
    public static List<Scenario> all() {
        return List.of(
                new Scenario("ingest",
                        "Ingest end to end (3 shards x primary + 1 async replica): NDJSON batch streams and single POSTs, "
                        + "with baselines (a) pgbench, (b) store alone, (c) bare HTTP echo, (d) phases alone",
                        IngestScenario::measure),
                new Scenario("read",
                        "Zipf GETs of stored contracts (3 shards + replica), cache off/on when the server has a cache",
                        ReadScenario::measure),
                new Scenario("mixed",
                        "80% Zipf GETs + 20% POSTs of new contracts (3 shards + replica)",
                        MixedScenario::measure),
                new Scenario("shards",
                        "NDJSON ingest on 1, 2, 3 shards (no replicas): shard-scaling efficiency vs the original's 'linear'",
                        ShardsScenario::measure),
                new Scenario("concurrency",
                        "One NDJSON stream: sequential (one contract in flight) vs concurrent pipeline (defaults); "
                        + "the original claimed 10-50x",
                        ConcurrencyScenario::measure),
                new Scenario("replication",
                        "NDJSON ingest on 3 shards with 0 vs 1 asynchronous replica per shard; replica completeness",
                        ReplicationScenario::measure),
                new Scenario("failover",
                        "Open-loop POSTs; kill -9 shard_0's primary at 1/3 of the run, restart it at 2/3: failed, "
                        + "acknowledged, lost",
                        FailoverScenario::measure),
                new Scenario("gateway",
                        "3 serve instances behind: nothing (direct), our gateway per strategy, nginx and HAProxy per "
                        + "algorithm; cheap GETs, NDJSON ingest, a backend paused 300 ms every 2 s, a backend killed",
                        GatewayScenario::measure),
                new Scenario("overload",
                        "Single POSTs at 0.5x, 2x, 4x of measured peak: fixed limits without a wait bound vs adaptive "
                        + "limits (phases, shard writes) with early shedding; goodput and p99 of admitted requests",
                        OverloadScenario::measure),
                new Scenario("autoscale",
                        "The gateway autoscaling local serve instances (min 1, max 3): open-loop POSTs rise 1x -> 5x "
                        + "in 10 s, hold, fall back; then a noisy steady 1x load: decision and serving times, p99, "
                        + "failed requests, scale events",
                        AutoscaleScenario::measure));
    }
}
