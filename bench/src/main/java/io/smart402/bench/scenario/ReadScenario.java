package io.smart402.bench.scenario;

import io.smart402.bench.infra.ServerProcess;
import io.smart402.bench.load.ContractBodies;
import io.smart402.bench.load.LoadGenerator;
import io.smart402.bench.load.LoadGenerator.Request;
import io.smart402.bench.load.ZipfSampler;
import io.smart402.bench.report.Results;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /contracts/{id}} with Zipf popularity over a preloaded population: closed-loop peak, then open loop
 * at 70% of it, once per cache variant the server supports. With a cache ({@code cache.enabled} in the server's
 * configuration) it runs cache off and cache on, measures the hit path on the hottest ids and the hit ratio from
 * the server's metrics; without one it runs the store path only and says the cache goals could not be measured.
 */
final class ReadScenario {

    private ReadScenario() {
    }

    static final double ZIPF_EXPONENT = 0.99;

    record Variant(String name, List<String> overrides, boolean cached) {
    }

    /** L1 holds this share of the population, so the hit ratio says something about the policy (issue 5). */
    static final int L1_SHARE_PERCENT = 10;

    static int l1Entries(int population) {
        return Math.max(1, population * L1_SHARE_PERCENT / 100);
    }

    static List<Variant> variants(Capabilities caps, int population) {
        List<Variant> out = new ArrayList<>();
        if (caps.has("cache.enabled")) {
            out.add(new Variant("cache-off", List.of("cache.enabled=false"), false));
            out.add(new Variant("cache-on", List.of("cache.enabled=true",
                    "cache.max-entries=" + l1Entries(population)), true));
        } else {
            out.add(new Variant("no-cache", List.of(), false));
        }
        return out;
    }

    /** Ids drawn with Zipf popularity, precomputed so concurrent workers share one deterministic sequence. */
    static String[] zipfIds(ContractBodies bodies, int population, long seed, int draws) {
        ZipfSampler zipf = new ZipfSampler(population, ZIPF_EXPONENT, seed);
        String[] out = new String[draws];
        for (int i = 0; i < draws; i++) {
            out[i] = "/contracts/" + URLEncoder.encode(bodies.id(zipf.next()), StandardCharsets.UTF_8);
        }
        return out;
    }

    static void measure(BenchContext ctx, Profile p, Results.ScenarioBuilder b) {
        ContractBodies bodies = ctx.workload().bodies();
        Capabilities caps = Capabilities.load();
        String[] paths = zipfIds(bodies, p.preload(), ctx.seed(), 1 << 18);
        b.parameter("population", p.preload()).parameter("zipf_exponent", ZIPF_EXPONENT)
                .parameter("top_1pct_share", new ZipfSampler(p.preload(), ZIPF_EXPONENT, 0)
                        .massOfTop(Math.max(1, p.preload() / 100)))
                .parameter("closed_loop_workers", p.workers())
                .parameter("l1_entries", l1Entries(p.preload()));
        Results.Run missPath = null;
        Results.Run hitPath = null;
        for (Variant v : variants(caps, p.preload())) {
            ctx.resetData();
            try (ServerProcess server = ctx.startServer("read-" + v.name(), 3, 1, v.overrides());
                 LoadGenerator load = ctx.load(server.baseUrl(), p.workers() * 2)) {
                long stored = load.preload(bodies, 0, p.preload(), p.streams(), p.perBatch());
                String before = server.metrics();
                Results.Run peak = b.run(load.closedLoop("read-" + v.name() + "-peak",
                        i -> Request.get(paths[(int) (i % paths.length)], i), p.workers(), p.warmup(), p.measure(),
                        LoadGenerator.Listener.NONE, Map.of("preloaded", stored)).withDetails(
                                hitRatio(before, server.metrics())));
                b.run(load.openLoop("read-" + v.name() + "-open-70pct",
                        i -> Request.get(paths[(int) ((i * 7919) % paths.length)], i),
                        Math.max(1, 0.7 * peak.throughput()), p.open(), p.drain(), LoadGenerator.Listener.NONE,
                        Map.of("fraction_of_peak", 0.7)));
                if (!v.cached()) {
                    missPath = peak;
                } else {
                    String[] hot = new String[16];
                    for (int k = 0; k < hot.length; k++) {
                        hot[k] = "/contracts/" + URLEncoder.encode(bodies.id(k), StandardCharsets.UTF_8);
                    }
                    hitPath = b.run(load.closedLoop("read-cache-hit-hot-set",
                            i -> Request.get(hot[(int) (i % hot.length)], i), p.workers(), p.warmup(), p.measure(),
                            LoadGenerator.Listener.NONE, Map.of("ids", hot.length)));
                }
            }
        }
        if (hitPath != null && missPath != null) {
            double ratio = hitPath.latency().p50() / missPath.latency().p50();
            b.ratio(new Results.Ratio("hit p50 / miss p50", ratio, hitPath.name(), missPath.name()));
            b.goal(new Results.Goal("read hit-path p50 <= 0.3 x miss-path p50", "<= 0.30",
                    String.format("%.3f (%.2f ms vs %.2f ms)", ratio, hitPath.latency().p50(),
                            missPath.latency().p50()), ratio <= 0.3, "closed loop, same concurrency"));
        } else {
            b.goal(new Results.Goal("read hit-path p50 <= 0.3 x miss-path p50", "<= 0.30", "n/a", null,
                    "the server has no cache yet (no cache.enabled key): only the store read path was measured"));
            b.note("Cache variants run automatically once the server's configuration has cache.enabled.");
        }
    }

    /** Hit ratio between two /metrics snapshots, from Micrometer cache meters ({@code result="hit|miss"}). */
    static Map<String, Object> hitRatio(String before, String after) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String metric : List.of("cache_gets_total", "smart402_cache_gets_total", "smart402_cache_requests_total")) {
            double hits = ServerProcess.metric(after, metric, "result=\"hit\"")
                    - nz(ServerProcess.metric(before, metric, "result=\"hit\""));
            double misses = ServerProcess.metric(after, metric, "result=\"miss\"")
                    - nz(ServerProcess.metric(before, metric, "result=\"miss\""));
            if (!Double.isNaN(hits) && !Double.isNaN(misses) && hits + misses > 0) {
                out.put("hit_ratio", hits / (hits + misses));
                out.put("hit_ratio_source", metric);
                break;
            }
        }
        return out;
    }

    private static double nz(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
