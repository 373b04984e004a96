package io.smart402.bench.scenario;

import io.netty.handler.codec.http.HttpMethod;
import io.smart402.bench.infra.ServerProcess;
import io.smart402.bench.load.ContractBodies;
import io.smart402.bench.load.LoadGenerator;
import io.smart402.bench.load.LoadGenerator.Request;
import io.smart402.bench.report.Results;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads and writes at once: 80% Zipf GETs of preloaded contracts, 20% POSTs of new ones, closed-loop peak then
 * open loop at 70% of it (3 shards + replica).
 */
final class MixedScenario {

    private MixedScenario() {
    }

    static final int WRITE_EVERY = 5;

    static void measure(BenchContext ctx, Profile p, Results.ScenarioBuilder b) {
        ContractBodies bodies = ctx.workload().bodies();
        String[] paths = ReadScenario.zipfIds(bodies, p.preload(), ctx.seed() + 1, 1 << 18);
        b.parameter("population", p.preload()).parameter("write_fraction", 1.0 / WRITE_EVERY)
                .parameter("closed_loop_workers", p.workers());
        ctx.resetData();
        try (ServerProcess server = ctx.startServer("mixed", 3, 1, List.of());
             LoadGenerator load = ctx.load(server.baseUrl(), p.workers() * 2)) {
            load.preload(bodies, 0, p.preload(), p.streams(), p.perBatch());
            Results.Run peak = mixedRun(b, load, "mixed-peak", paths, bodies, 300_000_000L, p, -1);
            mixedRun(b, load, "mixed-open-70pct", paths, bodies, 400_000_000L, p, 0.7 * peak.throughput());
        }
    }

    private static Results.Run mixedRun(Results.ScenarioBuilder b, LoadGenerator load, String name, String[] paths,
                                        ContractBodies bodies, long writeBase, Profile p, double rate) {
        AtomicLong reads = new AtomicLong();
        AtomicLong writes = new AtomicLong();
        AtomicLong failedReads = new AtomicLong();
        AtomicLong failedWrites = new AtomicLong();
        LoadGenerator.Requests requests = i -> i % WRITE_EVERY == 0
                ? Request.postJson("/contracts", bodies.body(writeBase + i), i)
                : Request.get(paths[(int) (i % paths.length)], i);
        LoadGenerator.Listener listener = (r, status) -> {
            boolean write = r.method() == HttpMethod.POST;
            (write ? writes : reads).incrementAndGet();
            if (status / 100 != 2) {
                (write ? failedWrites : failedReads).incrementAndGet();
            }
        };
        Results.Run run = rate < 0
                ? load.closedLoop(name, requests, p.workers(), p.warmup(), p.measure(), listener, Map.of())
                : load.openLoop(name, requests, Math.max(1, rate), p.open(), p.drain(), listener,
                        Map.of("fraction_of_peak", 0.7));
        return b.run(run.withDetails(Map.of("reads", reads.get(), "writes", writes.get(),
                "failed_reads", failedReads.get(), "failed_writes", failedWrites.get())));
    }
}
