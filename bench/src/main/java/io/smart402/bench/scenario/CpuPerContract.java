package io.smart402.bench.scenario;

import io.smart402.bench.infra.ProcessCpu;
import io.smart402.bench.infra.ServerProcess;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU per contract stored, over one run: the server JVM's CPU seconds and all PostgreSQL servers' together (from
 * /proc), each divided by the contracts the server stored meanwhile (its {@code smart402_contracts_stored_total}).
 */
final class CpuPerContract {

    static final String SERVER_MS = "server_cpu_ms_per_contract";
    static final String POSTGRES_MS = "postgres_cpu_ms_per_contract";
    /** The server's CPU per contract by thread group (pipeline, event loops, gc, jit, other). */
    static final String SERVER_MS_BY_THREADS = "server_cpu_ms_per_contract_by_threads";
    /** Suffix of the same figures over a window that began with the server's first contract. */
    static final String WITH_WARMUP = "_with_warmup";

    private final ServerProcess server;
    private final List<Path> postgresDirs;
    private final double server0;
    private final double postgres0;
    private final double stored0;
    private final Map<String, Double> threads0;

    private CpuPerContract(ServerProcess server, List<Path> postgresDirs) {
        this.server = server;
        this.postgresDirs = postgresDirs;
        this.stored0 = stored(server);
        this.server0 = ProcessCpu.seconds(server.pid());
        this.threads0 = ProcessCpu.threadGroupSeconds(server.pid());
        this.postgres0 = ProcessCpu.postgresSeconds(postgresDirs);
    }

    static CpuPerContract start(ServerProcess server, List<Path> postgresDirs) {
        return new CpuPerContract(server, postgresDirs);
    }

    /** The figures since {@link #start}, for the run's details (NaN where /proc could not be read). */
    Map<String, Object> stop() {
        double serverSeconds = ProcessCpu.seconds(server.pid()) - server0;
        double postgresSeconds = ProcessCpu.postgresSeconds(postgresDirs) - postgres0;
        double stored = stored(server) - stored0;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("server_cpu_seconds", serverSeconds);
        out.put("postgres_cpu_seconds", postgresSeconds);
        out.put("contracts_stored", (long) stored);
        out.put(SERVER_MS, stored > 0 ? serverSeconds * 1e3 / stored : Double.NaN);
        out.put(POSTGRES_MS, stored > 0 ? postgresSeconds * 1e3 / stored : Double.NaN);
        // Where the server's CPU went: the pipeline against the event loops, GC and the JIT compiler, which a
        // short run's window still holds and the warmed in-process CPU path does not.
        Map<String, Double> byGroup = new LinkedHashMap<>();
        ProcessCpu.threadGroupSeconds(server.pid()).forEach((group, seconds) -> byGroup.put(group,
                stored > 0 ? (seconds - threads0.getOrDefault(group, 0.0)) * 1e3 / stored : Double.NaN));
        out.put(SERVER_MS_BY_THREADS, byGroup);
        return out;
    }

    private static double stored(ServerProcess server) {
        double stored = ServerProcess.metric(server.metrics(), "smart402_contracts_stored_total");
        return Double.isNaN(stored) ? 0 : stored;
    }
}
