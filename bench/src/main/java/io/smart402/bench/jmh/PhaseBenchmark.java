package io.smart402.bench.jmh;

import io.smart402.bench.load.ContractSize;
import io.smart402.core.contract.Contract;
import io.smart402.core.phase.Phase;
import io.smart402.core.phase.PhaseName;
import io.smart402.core.phase.PhaseResult;
import io.smart402.core.phase.PhaseResults;
import io.smart402.core.phase.Phases;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Each phase alone on generated contracts of one size class (every type), given the earlier phases' real
 * results: microseconds per contract per phase and size. Run with {@code -prof gc} for bytes per contract.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PhaseBenchmark {

    @Param({"AEO", "LLMO", "SCC", "X402"})
    public String phase;

    @Param({"SMALL", "TYPICAL", "LARGE"})
    public String size;

    private Phase target;
    private Contract[] contracts;
    private PhaseResults[] earlier;
    private int next;

    @Setup
    public void setUp() {
        PhaseName name = PhaseName.valueOf(phase);
        contracts = new SizedCorpus(ContractSize.valueOf(size)).contracts;
        earlier = new PhaseResults[contracts.length];
        for (int i = 0; i < contracts.length; i++) {
            PhaseResults results = PhaseResults.empty();
            for (Phase p : Phases.standard()) {
                if (p.name() == name) {
                    target = p;
                    break;
                }
                results = results.with(p.apply(contracts[i], results));
            }
            earlier[i] = results;
        }
    }

    @Benchmark
    public PhaseResult apply() {
        int i = next++ & (SizedCorpus.COUNT - 1);
        return target.apply(contracts[i], earlier[i]);
    }
}
