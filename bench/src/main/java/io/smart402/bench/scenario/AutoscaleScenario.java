package io.smart402.bench.scenario;

import io.smart402.bench.infra.JavaProcess;
import io.smart402.bench.infra.ServerProcess;
import io.smart402.bench.load.ContractBodies;
import io.smart402.bench.load.LatencyRecorder;
import io.smart402.bench.load.LoadGenerator;
import io.smart402.bench.load.LoadGenerator.Request;
import io.smart402.bench.report.Results;
import io.smart402.core.process.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleUnaryOperator;

/**
 * Issue 12 §4: the gateway autoscaling local {@code serve} instances (min 1, max 3) on the bench's shards while
 * open-loop POSTs rise from 1× to 5× in 10 s, hold, and fall back; then a noisy steady 1× load for as long. Per
 * second: offered load, serving instances, p99, errors (the timeline plot). Figures: seconds from the start of
 * the rise to the first scale-up decision, to a new instance answering traffic, to p99 back under its goal
 * (2 × the p99 of the 1× phase before the rise); instances added and removed; failed requests; scale events
 * under the noisy load after it settled. Goals: decision ≤ 10 s, new capacity serving ≤ 20 s, 0 failed, no
 * scale events under the noisy load.
 */
final class AutoscaleScenario {

    private AutoscaleScenario() {
    }

    static final Duration RAMP = Duration.ofSeconds(10);
    static final double PEAK_FACTOR = 5;
    static final String SCALER = "scaler=\"gateway\"";
    static final int WARM_UP_SECONDS = 20;

    /** Phase lengths and the 1× rate of one profile. */
    record Shape(double baseRate, int before, int hold, int after, int settle) {
        int total() {
            return before + (int) RAMP.toSeconds() + hold + (int) RAMP.toSeconds() + after;
        }

        /** Offered rate at {@code t} seconds: 1× before, a linear rise over RAMP, 5× held, a linear fall, 1×. */
        double rate(double t) {
            double ramp = RAMP.toSeconds();
            double peak = baseRate * PEAK_FACTOR;
            if (t < before) {
                return baseRate;
            }
            if (t < before + ramp) {
                return baseRate + (peak - baseRate) * (t - before) / ramp;
            }
            if (t < before + ramp + hold) {
                return peak;
            }
            if (t < before + 2 * ramp + hold) {
                return peak - (peak - baseRate) * (t - before - ramp - hold) / ramp;
            }
            return baseRate;
        }
    }

    static Shape shape(Profile p) {
        return p.name().equals("quick") ? new Shape(30, 10, 25, 25, 5) : new Shape(40, 20, 40, 45, 10);
    }

    /** Per-second observations of the gateway, sampled every 250 ms. */
    private static final class Observer {
        final List<Double> instances = new ArrayList<>();
        final List<Double> offered = new ArrayList<>();
        final List<Double> failed = new ArrayList<>();
        double decisionAt = Double.NaN;
        double newServingAt = Double.NaN;
        final Set<String> seen = new LinkedHashSet<>();
        final Set<String> gone = new LinkedHashSet<>();
        String firstBackend;
        double upEvents;
        double downEvents;
    }

    static void measure(BenchContext ctx, Profile p, Results.ScenarioBuilder b) {
        Shape shape = shape(p);
        ContractBodies bodies = ctx.workload().bodies();
        List<String> scaler = List.of("autoscaler.min-instances=1", "autoscaler.max-instances=3",
                "autoscaler.interval=1s", "autoscaler.scale-down.stabilization=15s",
                "gateway.autoscale.target-rate=" + shape.baseRate() * 1.5, "gateway.autoscale.heap=512m",
                "gateway.health.interval=1s", "gateway.health.timeout=1s");
        b.parameter("shards", 3).parameter("replicas_per_shard", 0).parameter("base_rate", shape.baseRate())
                .parameter("peak_factor", PEAK_FACTOR).parameter("ramp_s", RAMP.toSeconds())
                .parameter("phases_s", Map.of("before", shape.before(), "hold", shape.hold(), "after", shape.after()))
                .parameter("gateway_overrides", scaler)
                .parameter("signal", "proxied requests per second per instance (target 1.5 x base rate) and "
                        + "requests in flight per instance (target 8), every 1 s; HPA rate limits; scale-down "
                        + "stabilization 15 s");
        ctx.resetData();
        Path serveConfig = writeServeConfig(ctx);
        int port = FreePorts.any();
        List<String> args = new ArrayList<>(List.of("gateway", "--port", Integer.toString(port), "--autoscale",
                "--serve-config", serveConfig.toString(), "--set", "logging.access-log=off", "--set",
                "gateway.autoscale.log-dir=" + ctx.resultsDir().resolve("logs").resolve("autoscale")));
        for (String o : scaler) {
            args.add("--set");
            args.add(o);
        }
        AtomicLong ids = new AtomicLong(700_000_000L);
        try (JavaProcess gateway = ctx.startServerJar("autoscale-gateway", args, port, "/ready");
             LoadGenerator load = ctx.load(gateway.baseUrl(), 4096)) {
            // Warm-up at 1x, not recorded: a cold instance JVM answers 30/s slowly enough for the scaler to add
            // instances at once, and their JVM starts then take the 2 cores from it. Then back to one instance.
            drive(load, gateway.baseUrl(), "autoscale-warm-up", WARM_UP_SECONDS, t -> shape.baseRate(), bodies, ids,
                    new Observer());
            awaitInstances(gateway.baseUrl(), 1, Duration.ofSeconds(90));
            Observer step = new Observer();
            Results.Run stepRun = drive(load, gateway.baseUrl(), "autoscale-step", shape.total(), shape::rate,
                    bodies, ids, step);
            b.run(stepRun.withDetails(timeline(step)));
            // The noisy steady load starts from wherever the step left the scaler (back at 1 once the
            // scale-down window has passed): wait for that first, so its events are its own.
            awaitInstances(gateway.baseUrl(), 1, Duration.ofSeconds(60));
            Random noise = new Random(ctx.seed());
            double[] perSecond = new double[shape.total() + 1];
            for (int i = 0; i < perSecond.length; i++) {
                perSecond[i] = shape.baseRate() * (0.7 + 0.6 * noise.nextDouble());
            }
            Observer noisy = new Observer();
            Results.Run noisyRun = drive(load, gateway.baseUrl(), "autoscale-noisy-steady", shape.total(),
                    t -> perSecond[Math.min(perSecond.length - 1, (int) t)], bodies, ids, noisy);
            b.run(noisyRun.withDetails(timeline(noisy)));
            goals(b, shape, step, stepRun, noisy, noisyRun);
        }
        ctx.resetData();
    }

    private static Map<String, Object> timeline(Observer o) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("offered_per_second", o.offered);
        d.put("instances_per_second", o.instances);
        d.put("failed_per_second", o.failed);
        d.put("scale_up_events", o.upEvents);
        d.put("scale_down_events", o.downEvents);
        d.put("backends_seen", List.copyOf(o.seen));
        d.put("backends_removed", List.copyOf(o.gone));
        return d;
    }

    private static void goals(Results.ScenarioBuilder b, Shape shape, Observer step, Results.Run stepRun,
                              Observer noisy, Results.Run noisyRun) {
        double rise = shape.before();
        double decision = step.decisionAt - rise;
        double serving = step.newServingAt - rise;
        // p99 goal: twice the p99 of the 1x phase (its first 3 s are the gateway's and instance's warm-up).
        List<Results.Point> points = stepRun.timeline();
        List<Double> before = new ArrayList<>();
        for (Results.Point pt : points) {
            if (pt.t() > 3 && pt.t() <= rise && pt.throughput() > 0) {
                before.add(pt.p99());
            }
        }
        before.sort(Double::compare);
        double baseP99 = before.isEmpty() ? Double.NaN : before.get(before.size() / 2);
        double p99Goal = 2 * baseP99;
        double lastOver = Double.NaN;
        double holdEnd = rise + RAMP.toSeconds() + shape.hold();
        for (Results.Point pt : points) {
            if (pt.t() > rise && pt.t() <= holdEnd && pt.p99() > p99Goal) {
                lastOver = pt.t();
            }
        }
        double recovered = Double.isNaN(lastOver) ? 0 : lastOver >= holdEnd ? Double.NaN : lastOver - rise;
        long added = Math.max(0, step.seen.size() - 1);
        long removed = step.gone.size();
        b.goal(Results.Goal.numeric("autoscale: seconds from the rise to the first scale-up decision", "<=", 10,
                decision, String.format("%.1f s", decision), "decision = smart402_autoscaler_scale_up_events_total "
                        + "of the gateway's scaler increases (sampled every 250 ms)"));
        b.goal(Results.Goal.numeric("autoscale: seconds from the rise to a new instance serving", "<=", 20, serving,
                String.format("%.1f s", serving), "a backend other than the first has answered requests "
                        + "(smart402_balancer_requests_total, outcome success)"));
        b.goal(new Results.Goal("autoscale: seconds from the rise to p99 back under its goal", "(shown)",
                Double.isNaN(recovered) ? "not within the hold" : String.format("%.0f s (goal %.1f ms = 2 x the 1x "
                        + "phase's median per-second p99 %.1f ms)", recovered, p99Goal, baseP99), null,
                "the last second of the rise and hold whose p99 is over the goal; 0 = never over; instances "
                        + "share the machine's 2 cores, so added instances add little CPU"));
        b.goal(new Results.Goal("autoscale: instances added / removed", "(shown)", added + " / " + removed, null,
                "distinct backends the gateway's balancer showed besides the first, and those it dropped"));
        long failed = stepRun.errors() + noisyRun.errors();
        b.goal(Results.Goal.numeric("autoscale: failed requests (step and noisy runs)", "<=", 0, failed,
                failed + " of " + (stepRun.count() + noisyRun.count()), "any answer but 201, a transport error, "
                        + "or no answer within the drain"));
        double settled = 0;
        for (int s = shape.settle(); s < noisy.instances.size(); s++) {
            if (s > shape.settle() && !noisy.instances.get(s).equals(noisy.instances.get(s - 1))) {
                settled++;
            }
        }
        double events = noisy.upEvents + noisy.downEvents;
        b.goal(Results.Goal.numeric("autoscale: scale events under the noisy steady load after settling", "<=", 0,
                settled, String.format("%.0f changes of the instance count after %d s (%.0f scale events in the "
                        + "whole run)", settled, shape.settle(), events), "1x +- 30 % per second, uniform noise, "
                        + "seeded"));
    }

    /**
     * Sends POSTs at {@code rate(t)} for {@code seconds} (open loop: a request is sent when its time comes,
     * whatever happened before), observing the gateway every 250 ms.
     */
    private static Results.Run drive(LoadGenerator load, String gateway, String name, int seconds,
                                     DoubleUnaryOperator rate, ContractBodies bodies, AtomicLong ids, Observer o) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long start = System.nanoTime();
        LatencyRecorder recorder = new LatencyRecorder(start);
        AtomicLong outstanding = new AtomicLong();
        Map<String, AtomicLong> statuses = new java.util.concurrent.ConcurrentHashMap<>();
        long[] offered = new long[seconds + 1];
        long[] failed = new long[seconds + 60];
        double[] instances = new double[seconds + 1];
        String metrics0 = get(http, gateway + "/metrics");
        double up0 = value(metrics0, "smart402_autoscaler_scale_up_events_total");
        double down0 = value(metrics0, "smart402_autoscaler_scale_down_events_total");
        Thread observer = new Thread(() -> {
            long nextTick = start + 1_000_000_000L;
            while (!Thread.currentThread().isInterrupted()) {
                String m = get(http, gateway + "/metrics");
                double t = (System.nanoTime() - start) / 1e9;
                observe(o, m, t, up0, down0, instances, seconds);
                long now = System.nanoTime();
                while (now >= nextTick) {
                    recorder.tick(nextTick);
                    nextTick += 1_000_000_000L;
                }
                LockSupport.parkNanos(250_000_000L);
            }
        }, "autoscale-observer");
        observer.setDaemon(true);
        observer.start();
        double credit = 0;
        long last = start;
        long count = 0;
        while (true) {
            long now = System.nanoTime();
            double t = (now - start) / 1e9;
            if (t >= seconds) {
                break;
            }
            credit += rate.applyAsDouble(t) * (now - last) / 1e9;
            last = now;
            while (credit >= 1) {
                credit -= 1;
                long sent = System.nanoTime();
                offered[(int) t]++;
                long id = ids.getAndIncrement();
                outstanding.incrementAndGet();
                load.exchange(Request.postJson("/contracts", bodies.body(id), id)).subscribe(status -> {
                    recorder.record(sent, System.nanoTime());
                    statuses.computeIfAbsent(Integer.toString(status), k -> new AtomicLong()).incrementAndGet();
                    if (status == 201) {
                        recorder.success();
                    } else {
                        recorder.error();
                        failed[second(start, failed.length)]++;
                    }
                    outstanding.decrementAndGet();
                }, e -> {
                    recorder.record(sent, System.nanoTime());
                    statuses.computeIfAbsent("transport_error", k -> new AtomicLong()).incrementAndGet();
                    recorder.error();
                    failed[second(start, failed.length)]++;
                    outstanding.decrementAndGet();
                });
                count++;
            }
            LockSupport.parkNanos(1_000_000L);
        }
        long drainUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (outstanding.get() > 0 && System.nanoTime() < drainUntil) {
            LockSupport.parkNanos(10_000_000L);
        }
        observer.interrupt();
        try {
            observer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (long u = outstanding.get(); u > 0; u--) {
            recorder.error();
        }
        for (int s = 0; s < seconds; s++) {
            o.offered.add((double) offered[s]);
            // A second whose /metrics reads all failed (a gateway busy for 2 s) keeps the count before it.
            if (instances[s] == 0 && s > 0) {
                instances[s] = instances[s - 1];
            }
            o.instances.add(instances[s]);
            o.failed.add((double) failed[s]);
        }
        String metrics1 = get(http, gateway + "/metrics");
        o.upEvents = value(metrics1, "smart402_autoscaler_scale_up_events_total") - up0;
        o.downEvents = value(metrics1, "smart402_autoscaler_scale_down_events_total") - down0;
        var total = recorder.total();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("sent", count);
        d.put("unfinished_after_drain", outstanding.get());
        Map<String, Long> codes = new java.util.TreeMap<>();
        statuses.forEach((k, v) -> codes.put(k, v.get()));
        d.put("status_counts", codes);
        return new Results.Run(name, "open", "requests", recorder.successes() / (double) seconds, count,
                recorder.errors(), seconds, LatencyRecorder.latency(total), recorder.timeline(), d);
    }

    private static int second(long start, int length) {
        return (int) Math.min(length - 1, (System.nanoTime() - start) / 1_000_000_000L);
    }

    private static void observe(Observer o, String m, double t, double up0, double down0, double[] instances,
                                int seconds) {
        if (m.isEmpty()) {
            return;
        }
        if (Double.isNaN(o.decisionAt) && value(m, "smart402_autoscaler_scale_up_events_total") > up0) {
            o.decisionAt = t;
        }
        Set<String> now = new LinkedHashSet<>();
        for (String line : m.split("\n")) {
            if (line.startsWith("smart402_balancer_requests_total{") && line.contains("balancer=\"gateway\"")
                    && line.contains("outcome=\"success\"")) {
                int at = line.indexOf("backend=\"");
                String backend = line.substring(at + 9, line.indexOf('"', at + 9));
                double served = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                now.add(backend);
                if (o.firstBackend == null) {
                    o.firstBackend = backend;
                }
                if (served > 0 && o.seen.add(backend) && !backend.equals(o.firstBackend)
                        && Double.isNaN(o.newServingAt) && !o.seen.isEmpty()) {
                    o.newServingAt = t;
                }
            }
        }
        for (String backend : o.seen) {
            if (!now.contains(backend)) {
                o.gone.add(backend);
            }
        }
        int s = (int) t;
        if (s < seconds) {
            instances[s] = Math.max(instances[s], now.size());
        }
    }

    /** Waits until the gateway's balancer has {@code count} backends (the scaler's scale-down done). */
    private static void awaitInstances(String gateway, int count, Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            if (value(get(http, gateway + "/metrics"), "smart402_autoscaler_current_instances") == count) {
                return;
            }
            LockSupport.parkNanos(500_000_000L);
        }
    }

    private static double value(String metrics, String name) {
        double v = ServerProcess.metric(metrics, name, SCALER);
        return Double.isNaN(v) ? 0 : v;
    }

    private static String get(HttpClient http, String uri) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The instances' config: the bench's shards (primaries only), no access log. */
    private static Path writeServeConfig(BenchContext ctx) {
        Path file = ctx.resultsDir().resolve("autoscale-serve.yaml").toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "shards: " + ctx.fleet().shardsJson(3, 0) + "\nlogging: {access-log: \"off\"}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
