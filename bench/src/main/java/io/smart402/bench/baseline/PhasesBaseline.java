package io.smart402.bench.baseline;

import io.smart402.bench.load.Workload;
import io.smart402.bench.report.Progress;
import io.smart402.bench.report.Results;
import io.smart402.core.contract.Contract;
import io.smart402.core.contract.ContractCodec;
import io.smart402.core.contract.ContractLimits;
import io.smart402.core.contract.ContractReader;
import io.smart402.core.contract.ReadResult;
import io.smart402.core.phase.Phase;
import io.smart402.core.phase.PhaseResults;
import io.smart402.core.pipeline.ContractPipeline;
import io.smart402.core.pipeline.ProcessingResult;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.scheduler.Schedulers;

/**
 * Baseline (d), the CPU ceiling: the four phases alone on one thread, in contracts per CPU-second of that thread
 * (= per core, and unaffected by other processes taking the machine's cores), plus the same including the
 * server's other CPU work per contract (decode, normalize + validate, encode the processed document).
 */
public final class PhasesBaseline {

    private PhasesBaseline() {
    }

    /** Phases only when {@code fullPath} is false; decode + validate + phases + encode when true. */
    public static Results.Run run(String name, Workload workload, boolean fullPath, Duration warmup, Duration duration,
                                  Progress progress) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        ContractCodec codec = new ContractCodec(ContractLimits.DEFAULTS);
        ContractReader reader = new ContractReader(ContractLimits.DEFAULTS);
        List<Contract> contracts = workload.contracts();
        List<Phase> phases = workload.phases();
        progress.step(name + " (warm-up)", warmup);
        long sink = loop(workload, contracts, phases, codec, reader, fullPath, System.nanoTime() + warmup.toNanos());
        progress.step(name, duration);
        long cpu0 = mx.getCurrentThreadCpuTime();
        long process0 = processCpuNanos();
        long wall0 = System.nanoTime();
        long count = loop(workload, contracts, phases, codec, reader, fullPath, wall0 + duration.toNanos());
        double cpuSeconds = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
        double processSeconds = (processCpuNanos() - process0) / 1e9;
        double wallSeconds = (System.nanoTime() - wall0) / 1e9;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("threads", 1);
        details.put("cpu_seconds", cpuSeconds);
        // The whole bench JVM meanwhile (this thread plus its GC and JIT threads; the rest of the bench is idle),
        // comparable with the server's process CPU per contract.
        details.put("process_cpu_seconds", processSeconds);
        details.put("process_cpu_ms_per_contract", count > 0 ? processSeconds * 1e3 / count : Double.NaN);
        details.put("wall_seconds", wallSeconds);
        details.put("contracts_per_wall_second", count / wallSeconds);
        details.put("includes", fullPath ? "decode, normalize+validate, AEO, LLMO, SCC, X402, encode"
                : "AEO, LLMO, SCC, X402");
        details.put("checksum", sink);
        double perCore = count / cpuSeconds;
        double meanMicros = cpuSeconds * 1e6 / count;
        return new Results.Run(name, "inproc", "contracts per core", perCore, count, 0, wallSeconds,
                new Results.Latency(meanMicros / 1000, 0, 0, 0, 0, meanMicros / 1000), List.of(), details);
    }

    private static long loop(Workload workload, List<Contract> contracts, List<Phase> phases, ContractCodec codec,
                             ContractReader reader, boolean fullPath, long deadline) {
        // The server's own per-contract path (state machine, processed document) on this thread.
        ContractPipeline pipeline = ContractPipeline.builder().phases(phases).scheduler(Schedulers.immediate())
                .concurrency(1).build();
        long n = 0;
        long sink = 0;
        while (System.nanoTime() < deadline) {
            for (int b = 0; b < 16; b++, n++) {
                int k = (int) (n % contracts.size());
                Contract contract;
                if (fullPath) {
                    ReadResult read = reader.read(codec.read(workload.bodies().body(n)));
                    contract = ((ReadResult.Accepted) read).contract();
                } else {
                    contract = contracts.get(k);
                }
                if (fullPath) {
                    ProcessingResult result = pipeline.process(contract).block();
                    sink += codec.write(((ProcessingResult.Processed) result).document()).length;
                } else {
                    PhaseResults results = PhaseResults.empty();
                    for (Phase phase : phases) {
                        results = results.with(phase.apply(contract, results));
                    }
                    sink += results.asMap().size();
                }
            }
        }
        return n;
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }
}
