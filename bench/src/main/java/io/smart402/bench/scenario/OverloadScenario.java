package io.smart402.bench.scenario;

import io.smart402.bench.infra.ServerProcess;
import io.smart402.bench.load.ContractBodies;
import io.smart402.bench.load.LoadGenerator;
import io.smart402.bench.load.LoadGenerator.Request;
import io.smart402.bench.report.Results;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Issue 12 §1: single POSTs at an offered load stepping 0.5× → 2× → 4× of the measured peak, on a server with
 * fixed limits and no time bound on waits (the behaviour before adaptive limits) and on one with adaptive limits
 * (phases and shard writes) and a 2 s bound on waits, side by side. Per step: goodput (201 per second) and the
 * p99 of admitted requests (201s only, from the intended send time, so a late sender does not hide queueing).
 * Goals (adaptive): goodput at 4× ≥ 0.9 × peak, p99 at 4× ≤ 2 × p99 at 0.5×.
 */
final class OverloadScenario {

    private OverloadScenario() {
    }

    static final double[] STEPS = {0.5, 2, 4};
    static final int PEAK_WORKERS = 64;

    static final List<String> FIXED = List.of("priority.max-wait=0s");
    static final List<String> ADAPTIVE = List.of("pipeline.limit.mode=adaptive", "store.write-limit.mode=adaptive",
            "priority.max-wait=2s");

    /** One step's figures. */
    private record Step(double factor, double offered, double goodput, double p99AdmittedMs, long shed, long failed) {
    }

    static void measure(BenchContext ctx, Profile p, Results.ScenarioBuilder b) {
        ContractBodies bodies = ctx.workload().bodies();
        Duration step = Duration.ofSeconds(Math.max(2, p.measure().toSeconds() / 2));
        b.parameter("shards", 3).parameter("replicas_per_shard", 1).parameter("steps", List.of(0.5, 2, 4))
                .parameter("step_seconds", step.toSeconds()).parameter("fixed_overrides", FIXED)
                .parameter("adaptive_overrides", ADAPTIVE);
        AtomicLong next = new AtomicLong(900_000_000L);
        double peak;
        Results.Run peakRun;
        ctx.resetData();
        try (ServerProcess server = ctx.startServer("overload-peak", 3, 1, FIXED);
             LoadGenerator load = ctx.load(server.baseUrl(), PEAK_WORKERS)) {
            long base = next.getAndAdd(10_000_000L);
            peakRun = load.closedLoop("overload-peak", i -> Request.postJson("/contracts", bodies.body(base + i), i),
                    PEAK_WORKERS, p.warmup(), p.measure(), LoadGenerator.Listener.NONE, Map.of());
            peak = peakRun.throughput();
        }
        b.baseline(peakRun);
        Map<String, List<Step>> byMode = new LinkedHashMap<>();
        byMode.put("fixed", steps(ctx, b, "fixed", FIXED, peak, step, bodies, next));
        byMode.put("adaptive", steps(ctx, b, "adaptive", ADAPTIVE, peak, step, bodies, next));
        for (Map.Entry<String, List<Step>> e : byMode.entrySet()) {
            List<Step> s = e.getValue();
            Step low = s.get(0);
            Step high = s.get(s.size() - 1);
            double goodputRatio = high.goodput() / peak;
            double p99Ratio = low.p99AdmittedMs() > 0 ? high.p99AdmittedMs() / low.p99AdmittedMs() : Double.NaN;
            boolean adaptive = e.getKey().equals("adaptive");
            b.goal(new Results.Goal(e.getKey() + ": goodput at 4x peak / peak", adaptive ? ">= 0.9" : "(shown beside)",
                    String.format("%.2f (%,.0f vs peak %,.0f per s)", goodputRatio, high.goodput(), peak),
                    adaptive ? goodputRatio >= 0.9 : null, "goodput = 201 answers per second"));
            b.goal(new Results.Goal(e.getKey() + ": p99 of admitted at 4x / at 0.5x", adaptive ? "<= 2" : "(shown beside)",
                    String.format("%.2f (%.1f ms vs %.1f ms)", p99Ratio, high.p99AdmittedMs(), low.p99AdmittedMs()),
                    adaptive ? p99Ratio <= 2 : null, "admitted = answered 201; latency from the intended send time"));
        }
    }

    private static List<Step> steps(BenchContext ctx, Results.ScenarioBuilder b, String mode, List<String> overrides,
                                    double peak, Duration step, ContractBodies bodies, AtomicLong next) {
        ctx.resetData();
        List<Step> out = new java.util.ArrayList<>();
        try (ServerProcess server = ctx.startServer("overload-" + mode, 3, 1, overrides);
             LoadGenerator load = ctx.load(server.baseUrl(), 4096)) {
            for (double factor : STEPS) {
                double rate = Math.max(1, peak * factor);
                long base = next.getAndAdd(10_000_000L);
                Map<Long, Long> sentAt = new ConcurrentHashMap<>();
                Histogram admitted = new ConcurrentHistogram(3_600_000_000_000L, 3);
                AtomicLong ok = new AtomicLong();
                AtomicLong shed = new AtomicLong();
                AtomicLong failed = new AtomicLong();
                // Goodput counts what was answered within the step, not what the drain after it finished.
                long stepEnd = System.nanoTime() + step.toNanos();
                Results.Run run = load.openLoop("overload-" + mode + "-" + factor + "x", i -> {
                    sentAt.put(i, System.nanoTime());
                    return Request.postJson("/contracts", bodies.body(base + i), i);
                }, rate, step, ctx.profile().drain(), (r, status) -> {
                    Long sent = sentAt.remove(r.index());
                    if (status == 201) {
                        if (System.nanoTime() <= stepEnd) {
                            ok.incrementAndGet();
                        }
                        if (sent != null) {
                            admitted.recordValue(Math.max(1, System.nanoTime() - sent));
                        }
                    } else if (status == 429 || status == 503) {
                        shed.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                }, Map.of("mode", mode, "factor", factor, "server_overrides", overrides));
                double goodput = ok.get() / (double) step.toSeconds();
                double p99 = admitted.getTotalCount() == 0 ? 0 : admitted.getValueAtPercentile(99) / 1e6;
                Step s = new Step(factor, rate, goodput, p99, shed.get(), failed.get());
                out.add(s);
                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put("goodput_per_s", goodput);
                figures.put("p99_admitted_ms", p99);
                figures.put("shed_429_503", shed.get());
                figures.put("failed_other", failed.get());
                b.run(run.withDetails(figures));
            }
        }
        return out;
    }
}
