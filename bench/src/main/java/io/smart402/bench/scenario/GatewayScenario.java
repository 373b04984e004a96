package io.smart402.bench.scenario;

import io.smart402.bench.infra.ExternalProxy;
import io.smart402.bench.infra.JavaProcess;
import io.smart402.bench.infra.ServerProcess;
import io.smart402.bench.load.ContractBodies;
import io.smart402.bench.load.LoadGenerator;
import io.smart402.bench.load.LoadGenerator.Request;
import io.smart402.bench.report.Results;
import io.smart402.core.process.FreePorts;
import io.smart402.core.process.ProcessControl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 11 §4: the same three serve processes (on the suite's shards) behind each proxy in turn — none (direct to
 * one backend), our gateway per strategy, nginx and HAProxy per algorithm — under the same load: cheap GETs of
 * cached ids (the proxy's own cost), NDJSON ingest, GETs at a fixed rate while one backend is paused (SIGSTOP
 * 300 ms every 2 s, a GC-pause stand-in), and GETs while one backend is killed with SIGKILL.
 */
final class GatewayScenario {

    private GatewayScenario() {
    }

    static final String ADMIN_KEY = "bench-admin-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient VIEW_CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    static final Duration PAUSE = Duration.ofMillis(300);
    static final Duration PAUSE_EVERY = Duration.ofSeconds(2);
    static final Duration MIN_WARMUP = Duration.ofSeconds(5);

    /** One way to reach the backends. */
    record Target(String name, String kind, String algorithm) {
    }

    static List<Target> targets() {
        return List.of(new Target("direct", "direct", "-"),
                new Target("gateway-round-robin", "gateway", "round-robin"),
                new Target("gateway-least-request", "gateway", "least-request"),
                new Target("gateway-adaptive", "gateway", "adaptive"),
                new Target("nginx-round-robin", "nginx", "round-robin"),
                new Target("nginx-least_conn", "nginx", "least_conn"),
                new Target("haproxy-roundrobin", "haproxy", "roundrobin"),
                new Target("haproxy-leastconn", "haproxy", "leastconn"));
    }

    /** A started proxy (or none): where to send, and how to stop it. */
    record Running(String baseUrl, AutoCloseable stop) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            stop.close();
        }
    }

    static void measure(BenchContext ctx, Profile p, Results.ScenarioBuilder b) {
        ContractBodies bodies = ctx.workload().bodies();
        int population = Math.max(100, Math.min(p.preload(), 2000));
        double rate = 2 * p.failoverRate();
        Duration faultRun = Duration.ofSeconds(Math.max(6, 2 * p.open().toSeconds()));
        b.parameter("backends", 3).parameter("population", population).parameter("fault_offered_rate", rate)
                .parameter("fault_run_s", faultRun.toSeconds()).parameter("pause", "SIGSTOP 300 ms every 2 s of backend 1")
                .parameter("kill", "SIGKILL of backend 2 at 1/3 of the run");
        ctx.resetData();
        List<ServerProcess> backends = new ArrayList<>();
        Map<String, Results.Run> cheap = new LinkedHashMap<>();
        Map<String, Results.Run> paused = new LinkedHashMap<>();
        Map<String, Results.Run> killed = new LinkedHashMap<>();
        try {
            for (int i = 0; i < 3; i++) {
                backends.add(ctx.startServer("gateway-backend-" + i, 3, 1, List.of()));
            }
            try (LoadGenerator load = ctx.load(backends.get(0).baseUrl(), 64)) {
                load.preload(bodies, 0, population, p.streams(), p.perBatch());
            }
            String[] paths = new String[population];
            for (int i = 0; i < population; i++) {
                paths[i] = "/contracts/" + bodies.id(i);
            }
            // Warm every backend before the first target, so the targets run in order (direct first) do not meet
            // colder backends than the ones after them; not recorded.
            for (ServerProcess backend : backends) {
                try (LoadGenerator load = ctx.load(backend.baseUrl(), Math.max(64, p.workers()))) {
                    load.closedLoop("gateway-backend-warm-up", i -> Request.get(paths[(int) (i % population)], i),
                            p.workers(), Duration.ZERO, MIN_WARMUP, LoadGenerator.Listener.NONE, Map.of());
                }
            }
            long nextIngest = 1_000_000L;
            for (Target t : targets()) {
                Optional<String> missing = missing(t);
                if (missing.isPresent()) {
                    b.parameter("missing_" + t.name(), missing.get());
                    b.note(t.name() + ": " + missing.get() + " — its runs and ratios are reported as missing");
                    continue;
                }
                try (Running proxy = start(ctx, t, backends)) {
                    try (LoadGenerator load = ctx.load(proxy.baseUrl(), Math.max(64, p.workers()))) {
                        Map<String, Object> d = Map.of("target", t.name());
                        // Every target gets the same warm-up, at least 5 s: a JVM proxy freshly started measures its
                        // interpreter otherwise (C2 has not compiled its path after the quick profile's 1 s).
                        Duration warmup = p.warmup().compareTo(MIN_WARMUP) < 0 ? MIN_WARMUP : p.warmup();
                        cheap.put(t.name(), b.run(load.closedLoop("gateway-cheap-" + t.name(),
                                i -> Request.get(paths[(int) (i % population)], i), p.workers(), warmup,
                                p.measure(), LoadGenerator.Listener.NONE, d)));
                        b.run(load.ndjsonBatches("gateway-ingest-" + t.name(), bodies, nextIngest, p.streams(),
                                p.perBatch(), Duration.ZERO, p.measure(), d));
                        nextIngest += 10_000_000L;
                        paused.put(t.name(), b.run(pausing(load, backends.get(1), paths, rate, faultRun, p, t)));
                        killed.put(t.name(), b.run(killing(ctx, load, backends, paths, rate, faultRun, p, t,
                                proxy.baseUrl())));
                    }
                } catch (Exception e) {
                    b.note(t.name() + " failed: " + e.getMessage());
                }
            }
        } finally {
            for (ServerProcess s : backends) {
                s.close();
            }
        }
        ratiosAndGoals(b, cheap, paused, killed);
        ctx.resetData();
    }

    private static Optional<String> missing(Target t) {
        if (t.kind().equals("nginx") || t.kind().equals("haproxy")) {
            return ExternalProxy.find(t.kind()).isPresent() ? Optional.empty()
                    : Optional.of(t.kind() + " is not installed (apt-get install " + t.kind() + ")");
        }
        return Optional.empty();
    }

    private static Running start(BenchContext ctx, Target t, List<ServerProcess> backends) throws IOException {
        List<Integer> ports = backends.stream().map(ServerProcess::port).toList();
        int port = FreePorts.any();
        Path dir = ctx.resultsDir().resolve("proxies").resolve(t.name());
        return switch (t.kind()) {
            case "direct" -> new Running(backends.get(0).baseUrl(), () -> { });
            case "gateway" -> {
                String list = String.join(",", ports.stream().map(x -> "127.0.0.1:" + x).toList());
                JavaProcess gw = ctx.startServerJar(t.name(), List.of("gateway", "--port", Integer.toString(port),
                        "--backends", list, "--strategy", t.algorithm(), "--set", "gateway.health.interval=1s",
                        "--set", "gateway.health.timeout=1s", "--set", "logging.access-log=off",
                        "--set", "auth.keys=[{key: " + ADMIN_KEY + ", client: bench, role: admin}]"),
                        port, "/ready");
                yield new Running(gw.baseUrl(), gw);
            }
            case "nginx" -> {
                ExternalProxy nginx = ExternalProxy.nginx(ExternalProxy.find("nginx").orElseThrow(), dir, port,
                        ports, t.algorithm());
                yield new Running(nginx.baseUrl(), nginx);
            }
            case "haproxy" -> {
                ExternalProxy haproxy = ExternalProxy.haproxy(ExternalProxy.find("haproxy").orElseThrow(), dir,
                        port, ports, t.algorithm());
                yield new Running(haproxy.baseUrl(), haproxy);
            }
            default -> throw new IllegalArgumentException(t.kind());
        };
    }

    /** Open-loop GETs while backend 1 is stopped for 300 ms every 2 s; the pause times are in the details. */
    private static Results.Run pausing(LoadGenerator load, ServerProcess victim, String[] paths, double rate,
                                       Duration duration, Profile p, Target t) {
        ProcessHandle handle = victim.handle();
        List<Double> pausedAt = new java.util.concurrent.CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        Thread pauser = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(PAUSE_EVERY.toMillis() - PAUSE.toMillis());
                    ProcessControl.freeze(handle);
                    pausedAt.add((System.nanoTime() - start) / 1e9);
                    try {
                        Thread.sleep(PAUSE.toMillis());
                    } finally {
                        ProcessControl.thaw(handle, List.of());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-pauser");
        pauser.setDaemon(true);
        pauser.start();
        Results.Run run;
        try {
            int population = paths.length;
            run = load.openLoop("gateway-paused-" + t.name(), i -> Request.get(paths[(int) (i % population)], i),
                    rate, duration, p.drain(), LoadGenerator.Listener.NONE, Map.of("target", t.name()));
        } finally {
            pauser.interrupt();
            try {
                pauser.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ProcessControl.thaw(handle, List.of());
        }
        return run.withDetails(Map.of("paused_at_s", List.copyOf(pausedAt), "pause_ms", PAUSE.toMillis()));
    }

    /**
     * Open-loop GETs while backend 2 gets SIGKILL at a third of the run; afterwards it is started again on its
     * port for the next proxy. Reports failed requests and how long after the kill the victim still got traffic:
     * for our gateway, until {@code /gateway/backends} no longer shows it healthy; for the others (no such view),
     * until the last failed request.
     */
    private static Results.Run killing(BenchContext ctx, LoadGenerator load, List<ServerProcess> backends,
                                       String[] paths, double rate, Duration duration, Profile p, Target t,
                                       String baseUrl) {
        ServerProcess victim = backends.get(2);
        int victimPort = victim.port();
        AtomicLong killedAt = new AtomicLong();
        AtomicLong lastFailure = new AtomicLong();
        AtomicLong takenOut = new AtomicLong();
        AtomicLong lastRequest = new AtomicLong();
        AtomicLong runEnd = new AtomicLong(Long.MAX_VALUE);
        Thread killer = new Thread(() -> {
            try {
                Thread.sleep(duration.toMillis() / 3);
                // The count before the kill, so that requests sent before the first poll after it (a slow one,
                // on a loaded machine) are seen too.
                long seen = t.kind().equals("gateway")
                        ? victimView(baseUrl, "127.0.0.1:" + victimPort).map(VictimView::requests).orElse(-1L) : -1;
                ProcessControl.kill(victim.handle());
                long at = System.nanoTime();
                killedAt.set(at);
                lastRequest.set(at);
                if (t.kind().equals("gateway")) {
                    // Honest "stops receiving traffic": the gateway's own count of requests it sent the victim
                    // (refused connects included) is followed until the run ends; the last time it grew (when the
                    // poll that saw it returned: an upper bound) is when traffic stopped. Whether the view still
                    // says "healthy" is reported beside it.
                    while (System.nanoTime() < runEnd.get()
                            && System.nanoTime() - at < Duration.ofSeconds(30).toNanos()) {
                        Optional<VictimView> view = victimView(baseUrl, "127.0.0.1:" + victimPort);
                        long now = System.nanoTime();
                        if (view.isPresent()) {
                            if (view.get().requests() > seen) {
                                if (seen >= 0) {
                                    lastRequest.set(now);
                                }
                                seen = view.get().requests();
                            }
                            if (!view.get().state().equals("healthy") && takenOut.get() == 0) {
                                takenOut.set(now);
                            }
                        }
                        Thread.sleep(10);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-killer");
        killer.start();
        int population = paths.length;
        AtomicLong failed = new AtomicLong();
        Results.Run run = load.openLoop("gateway-killed-" + t.name(),
                i -> Request.get(paths[(int) (i % population)], i), rate, duration, p.drain(), (r, status) -> {
                    if (status != 200) {
                        failed.incrementAndGet();
                        lastFailure.set(System.nanoTime());
                    }
                }, Map.of("target", t.name()));
        runEnd.set(System.nanoTime());
        try {
            killer.join(Duration.ofMinutes(1).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("failed_requests", failed.get());
        long kill = killedAt.get();
        if (kill > 0 && t.kind().equals("gateway")) {
            figures.put("last_request_after_kill_ms", (lastRequest.get() - kill) / 1_000_000);
        }
        if (kill > 0 && takenOut.get() > 0) {
            figures.put("taken_out_after_ms", (takenOut.get() - kill) / 1_000_000);
        } else if (kill > 0 && lastFailure.get() > kill) {
            figures.put("last_failure_after_kill_ms", (lastFailure.get() - kill) / 1_000_000);
        }
        victim.close();
        backends.set(2, ctx.startServer("gateway-backend-2-restarted", 3, 1, List.of(), victimPort));
        return run.withDetails(figures);
    }

    private record VictimView(String state, long requests) {
    }

    /** The victim's state and request count in {@code /gateway/backends}; empty when the view cannot be read. */
    private static Optional<VictimView> victimView(String gatewayUrl, String backend) {
        try {
            HttpResponse<String> r = VIEW_CLIENT.send(HttpRequest.newBuilder(
                            URI.create(gatewayUrl + "/gateway/backends")).header("X-API-Key", ADMIN_KEY)
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode b : JSON.readTree(r.body()).path("backends")) {
                if (b.path("id").asText().equals(backend)) {
                    return Optional.of(new VictimView(b.path("state").asText(), b.path("requests").asLong()));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static void ratiosAndGoals(Results.ScenarioBuilder b, Map<String, Results.Run> cheap,
                                       Map<String, Results.Run> paused, Map<String, Results.Run> killed) {
        Results.Run gwCheap = cheap.get("gateway-adaptive");
        Results.Run nginxCheap = cheap.get("nginx-round-robin");
        Double throughputRatio = null;
        if (gwCheap != null && nginxCheap != null) {
            throughputRatio = b.ratio("gateway adaptive / nginx round-robin, cheap GETs", gwCheap, nginxCheap).value();
        }
        for (String strategy : List.of("gateway-round-robin", "gateway-least-request")) {
            if (cheap.containsKey(strategy) && nginxCheap != null) {
                b.ratio(strategy + " / nginx round-robin, cheap GETs", cheap.get(strategy), nginxCheap);
            }
        }
        b.goal(new Results.Goal("gateway throughput on cheap requests vs nginx", ">= 0.9 x nginx",
                throughputRatio == null ? "missing" : String.format("%.2f x", throughputRatio),
                throughputRatio == null ? null : throughputRatio >= 0.9, "closed loop, same workers"));

        Results.Run gwPaused = paused.get("gateway-adaptive");
        Results.Run nginxRr = paused.get("nginx-round-robin");
        Results.Run nginxLc = paused.get("nginx-least_conn");
        Double vsRr = p99Ratio(b, "p99 with a pausing backend: gateway adaptive / nginx round-robin", gwPaused, nginxRr);
        Double vsLc = p99Ratio(b, "p99 with a pausing backend: gateway adaptive / nginx least_conn", gwPaused, nginxLc);
        b.goal(new Results.Goal("pausing backend: gateway adaptive p99 vs nginx round-robin", "<= 0.5 x",
                vsRr == null ? "missing" : String.format("%.2f x", vsRr), vsRr == null ? null : vsRr <= 0.5, ""));
        b.goal(new Results.Goal("pausing backend: gateway adaptive p99 vs nginx least_conn", "<= 1 x",
                vsLc == null ? "missing" : String.format("%.2f x", vsLc), vsLc == null ? null : vsLc <= 1.0, ""));

        Results.Run gwKilled = killed.get("gateway-adaptive");
        if (gwKilled == null) {
            b.goal(new Results.Goal("killed backend: failed idempotent requests, ejection time", "0 and <= 1 s",
                    "missing", null, ""));
        } else {
            Object failed = gwKilled.details().get("failed_requests");
            // The last request the gateway sent the victim, not only when its view stopped saying "healthy".
            Object out = gwKilled.details().get("last_request_after_kill_ms");
            boolean pass = Long.valueOf(0).equals(failed) && out instanceof Long ms && ms <= 1000;
            b.goal(new Results.Goal("killed backend: failed idempotent requests, ejection time", "0 and <= 1 s",
                    "failed " + failed + ", last request to it " + (out == null ? "?" : out + " ms")
                            + " after the kill", pass, "polled every 10 ms from /gateway/backends"));
        }
    }

    private static Double p99Ratio(Results.ScenarioBuilder b, String name, Results.Run numerator,
                                   Results.Run denominator) {
        if (numerator == null || denominator == null || denominator.latency().p99() <= 0) {
            return null;
        }
        double value = numerator.latency().p99() / denominator.latency().p99();
        b.ratio(new Results.Ratio(name, value, numerator.name(), denominator.name()));
        return value;
    }
}
