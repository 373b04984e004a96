package io.smart402.bench.jmh;

import io.smart402.bench.load.ContractSize;
import io.smart402.core.contract.Contract;
import io.smart402.core.contract.ContractCodec;
import io.smart402.core.contract.ContractLimits;
import io.smart402.core.contract.ContractReader;
import io.smart402.core.contract.ReadResult;
import io.smart402.core.phase.Phase;
import io.smart402.core.phase.PhaseResults;
import io.smart402.core.phase.Phases;
import io.smart402.core.pipeline.ContractPipeline;
import io.smart402.core.pipeline.ProcessingResult;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntToLongFunction;
import reactor.core.scheduler.Schedulers;

/**
 * The per-phase and pipeline benchmarks measured in CPU time of the measuring thread instead of wall time, so the
 * figures hold on a machine shared with other builds (JMH's wall-clock scores do not when the load average is
 * several times the core count). Each target: warm-up, then {@code ROUNDS} rounds of {@code OPS} contracts; prints
 * the median and minimum CPU microseconds per contract, contracts per core-second from the median, and the
 * kilobytes allocated per contract.
 *
 * <p>{@code java -cp bench/target/smart402-jmh.jar io.smart402.bench.jmh.CpuTimeMain [filter]}: targets whose
 * "name SIZE" contains the filter; {@code -Drounds=7 -DwarmupMs=1000 -DroundMs=300} are the defaults.
 */
public final class CpuTimeMain {

    private static final int ROUNDS = Integer.getInteger("rounds", 7);
    private static final long WARMUP_NANOS = Long.getLong("warmupMs", 1000) * 1_000_000L;
    private static final long ROUND_NANOS = Long.getLong("roundMs", 300) * 1_000_000L;
    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private CpuTimeMain() {
    }

    public static void main(String[] args) {
        String filter = args.length > 0 ? args[0] : "";
        System.out.printf(Locale.ROOT, "%-24s %-8s %12s %12s %14s %12s%n", "target", "size", "median µs", "min µs",
                "per core-s", "alloc KB");
        for (ContractSize size : ContractSize.values()) {
            SizedCorpus corpus = new SizedCorpus(size);
            for (Target target : targets(corpus)) {
                if (!(target.name + " " + size).contains(filter)) {
                    continue;
                }
                double[] micros = measure(target.op);
                double median = micros[ROUNDS / 2];
                System.out.printf(Locale.ROOT, "%-24s %-8s %12.1f %12.1f %14.0f %12.1f%n", target.name, size, median,
                        micros[0], 1e6 / median, allocatedKilobytes(target.op));
            }
        }
    }

    private record Target(String name, IntToLongFunction op) {
    }

    private static List<Target> targets(SizedCorpus corpus) {
        List<Phase> phases = Phases.standard();
        List<Target> targets = new ArrayList<>();
        for (int p = 0; p < phases.size(); p++) {
            Phase phase = phases.get(p);
            PhaseResults[] earlier = new PhaseResults[SizedCorpus.COUNT];
            for (int i = 0; i < SizedCorpus.COUNT; i++) {
                PhaseResults results = PhaseResults.empty();
                for (int q = 0; q < p; q++) {
                    results = results.with(phases.get(q).apply(corpus.contracts[i], results));
                }
                earlier[i] = results;
            }
            targets.add(new Target(phase.name().name(), i -> {
                int k = i & (SizedCorpus.COUNT - 1);
                return phase.apply(corpus.contracts[k], earlier[k]).output().size();
            }));
        }
        targets.add(new Target("phases", i -> {
            Contract contract = corpus.contracts[i & (SizedCorpus.COUNT - 1)];
            PhaseResults results = PhaseResults.empty();
            for (Phase phase : phases) {
                results = results.with(phase.apply(contract, results));
            }
            return results.asMap().size();
        }));
        ContractCodec codec = new ContractCodec(ContractLimits.DEFAULTS);
        ContractReader reader = new ContractReader(ContractLimits.DEFAULTS);
        ContractPipeline pipeline = ContractPipeline.builder().phases(phases).scheduler(Schedulers.immediate())
                .concurrency(1).build();
        // The CPU path's parts, to see where the time outside the phases goes.
        targets.add(new Target("decode", i -> codec.read(corpus.bodies[i & (SizedCorpus.COUNT - 1)]).size()));
        com.fasterxml.jackson.databind.JsonNode[] trees = new com.fasterxml.jackson.databind.JsonNode[SizedCorpus.COUNT];
        ProcessingResult.Processed[] processed = new ProcessingResult.Processed[SizedCorpus.COUNT];
        for (int k = 0; k < SizedCorpus.COUNT; k++) {
            trees[k] = codec.read(corpus.bodies[k]);
            processed[k] = (ProcessingResult.Processed) pipeline.process(corpus.contracts[k]).block();
        }
        targets.add(new Target("validate", i -> reader.read(trees[i & (SizedCorpus.COUNT - 1)]).hashCode()));
        targets.add(new Target("pipeline", i -> pipeline.process(corpus.contracts[i & (SizedCorpus.COUNT - 1)])
                .block().hashCode()));
        targets.add(new Target("encode", i -> codec.write(processed[i & (SizedCorpus.COUNT - 1)].document()).length));
        targets.add(new Target("cpuPath", i -> {
            byte[] body = corpus.bodies[i & (SizedCorpus.COUNT - 1)];
            Contract contract = ((ReadResult.Accepted) reader.read(codec.read(body))).contract();
            ProcessingResult result = pipeline.process(contract).block();
            return codec.write(((ProcessingResult.Processed) result).document()).length;
        }));
        return targets;
    }

    /**
     * Kilobytes the measuring thread allocates per op (averaged over a fixed set of ops): unlike CPU time, the
     * same on every run, so a change that allocates less shows even on a noisy machine.
     */
    private static double allocatedKilobytes(IntToLongFunction op) {
        long thread = Thread.currentThread().getId();
        int ops = 1024;
        long sink = 0;
        long before = MX.getThreadAllocatedBytes(thread);
        for (int i = 0; i < ops; i++) {
            sink += op.applyAsLong(i);
        }
        long bytes = MX.getThreadAllocatedBytes(thread) - before;
        keep(sink);
        return bytes / 1024.0 / ops;
    }

    /** Uses the ops' results, so the JIT cannot drop the work that produced them. */
    private static void keep(long sink) {
        if (sink == 42) {
            System.out.print("");
        }
    }

    /** Sorted CPU µs per op of each round, after about one CPU-second of warm-up. */
    private static double[] measure(IntToLongFunction op) {
        long sink = 0;
        int ops = 64;
        long t0 = MX.getCurrentThreadCpuTime();
        int done = 0;
        while (MX.getCurrentThreadCpuTime() - t0 < WARMUP_NANOS) {
            for (int i = 0; i < ops; i++) {
                sink += op.applyAsLong(done++);
            }
        }
        // Rounds of about 0.3 CPU-seconds each.
        long perOp = Math.max(1, (MX.getCurrentThreadCpuTime() - t0) / done);
        int roundOps = (int) Math.max(32, ROUND_NANOS / perOp);
        double[] micros = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long c0 = MX.getCurrentThreadCpuTime();
            for (int i = 0; i < roundOps; i++) {
                sink += op.applyAsLong(i);
            }
            micros[r] = (MX.getCurrentThreadCpuTime() - c0) / 1e3 / roundOps;
        }
        keep(sink);
        Arrays.sort(micros);
        return micros;
    }
}
