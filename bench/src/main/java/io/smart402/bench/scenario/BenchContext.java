package io.smart402.bench.scenario;

import io.smart402.bench.infra.BenchFleet;
import io.smart402.bench.infra.JavaProcess;
import io.smart402.bench.infra.ServerProcess;
import io.smart402.bench.load.LoadGenerator;
import io.smart402.bench.load.Workload;
import io.smart402.bench.report.Progress;
import io.smart402.bench.report.Results;
import io.smart402.core.process.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every scenario shares: the profile, the prepared workload, the PostgreSQL fleet (started on first use and
 * kept for the whole suite), the jars to launch, the results directory and the progress bar. Also carries figures
 * one scenario measured for another (the ingest peak, the baselines) so a suite measures each only once.
 */
public final class BenchContext implements AutoCloseable {

    private final Profile profile;
    private final Path resultsDir;
    private final Path dataDir;
    private final Path serverJar;
    private final Path benchJar;
    private final Progress progress;
    private final long seed;
    private final Map<String, Results.Run> shared = new HashMap<>();
    private Workload workload;
    private BenchFleet fleet;
    private int serverStarts;

    public BenchContext(Profile profile, Path resultsDir, Path dataDir, Path serverJar, Path benchJar,
                        Progress progress, long seed) {
        this.profile = profile;
        this.resultsDir = resultsDir;
        this.dataDir = dataDir;
        this.serverJar = serverJar;
        this.benchJar = benchJar;
        this.progress = progress;
        this.seed = seed;
    }

    public Profile profile() {
        return profile;
    }

    public Path resultsDir() {
        return resultsDir;
    }

    public Progress progress() {
        return progress;
    }

    public long seed() {
        return seed;
    }

    /** The generated contracts, read, validated and processed once (before any measurement). */
    public synchronized Workload workload() {
        if (workload == null) {
            progress.step("preparing " + profile.templates() + " generated contracts", Duration.ZERO);
            workload = new Workload(seed, "bench-", profile.templates());
        }
        return workload;
    }

    /** The PostgreSQL fleet, started on first use; every table empty. */
    public synchronized BenchFleet fleet() {
        if (fleet == null) {
            progress.step("starting PostgreSQL fleet (" + 2 * BenchFleet.MAX_SHARDS + " nodes) in " + dataDir,
                    Duration.ZERO);
            fleet = BenchFleet.start(dataDir);
        }
        return fleet;
    }

    /** Empties every node's table (a scenario starts from nothing). */
    public void resetData() {
        fleet().truncateAll();
    }

    /** Starts the server on the first {@code shards} shards with {@code replicas} each and {@code overrides}. */
    public ServerProcess startServer(String label, int shards, int replicas, List<String> overrides) {
        return startServer(label, shards, replicas, overrides, FreePorts.any());
    }

    /** As above, on {@code port}. */
    public ServerProcess startServer(String label, int shards, int replicas, List<String> overrides, int port) {
        progress.step("starting server (" + label + ")", Duration.ZERO);
        String shardsJson = fleet().shardsJson(shards, replicas);
        Path log = resultsDir.resolve("logs").resolve(String.format("server-%02d-%s.log", ++serverStarts,
                label.replaceAll("[^A-Za-z0-9_-]", "_")));
        try {
            Files.createDirectories(log.getParent());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return ServerProcess.start(serverJar, shardsJson, overrides, log, port);
    }

    /** Starts the bare Reactor Netty echo server (baseline c) as its own process. */
    public JavaProcess startEcho() {
        progress.step("starting echo server", Duration.ZERO);
        int port = FreePorts.any();
        Path log = resultsDir.resolve("logs").resolve("echo.log");
        try {
            Files.createDirectories(log.getParent());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return JavaProcess.start("echo", ServerProcess.JVM, List.of("-cp", benchJar.toString(),
                "io.smart402.bench.infra.EchoServer", Integer.toString(port)), port, "/health", log,
                Duration.ofSeconds(30));
    }

    /** Starts {@code java -jar smart402-server.jar <args>} (the gateway command) as its own process. */
    public JavaProcess startServerJar(String label, List<String> args, int port, String readyPath) {
        progress.step("starting " + label, Duration.ZERO);
        Path log = resultsDir.resolve("logs").resolve(label.replaceAll("[^A-Za-z0-9_-]", "_") + ".log");
        try {
            Files.createDirectories(log.getParent());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<String> all = new java.util.ArrayList<>(List.of("-jar", serverJar.toString()));
        all.addAll(args);
        return JavaProcess.start(label, ServerProcess.JVM, all, port, readyPath, log, Duration.ofSeconds(60));
    }

    public LoadGenerator load(String baseUrl, int connections) {
        return new LoadGenerator(baseUrl, connections, progress);
    }

    /** A figure measured once per suite and reused (e.g. {@code ingest.peak}); null when not measured yet. */
    public Results.Run shared(String key) {
        return shared.get(key);
    }

    public void share(String key, Results.Run run) {
        shared.put(key, run);
    }

    @Override
    public void close() {
        if (fleet != null) {
            progress.step("stopping PostgreSQL fleet", Duration.ZERO);
            fleet.close();
        }
    }
}
