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
import java.util.List;
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
import reactor.core.scheduler.Schedulers;

/**
 * The whole pipeline per contract and size class: {@code phases} is the four phases in a row (baseline (d)'s
 * phases figure), {@code cpuPath} is what the server spends per contract on CPU (decode, normalize + validate,
 * the pipeline with its state machine and processed document, encode the document): baseline (d)'s CPU path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CpuPathBenchmark {

    @Param({"SMALL", "TYPICAL", "LARGE"})
    public String size;

    private final ContractCodec codec = new ContractCodec(ContractLimits.DEFAULTS);
    private final ContractReader reader = new ContractReader(ContractLimits.DEFAULTS);
    private final List<Phase> phases = Phases.standard();
    private final ContractPipeline pipeline = ContractPipeline.builder().phases(phases)
            .scheduler(Schedulers.immediate()).concurrency(1).build();
    private SizedCorpus corpus;
    private int next;

    @Setup
    public void setUp() {
        corpus = new SizedCorpus(ContractSize.valueOf(size));
    }

    @Benchmark
    public PhaseResults phases() {
        Contract contract = corpus.contracts[next++ & (SizedCorpus.COUNT - 1)];
        PhaseResults results = PhaseResults.empty();
        for (Phase phase : phases) {
            results = results.with(phase.apply(contract, results));
        }
        return results;
    }

    @Benchmark
    public byte[] cpuPath() {
        byte[] body = corpus.bodies[next++ & (SizedCorpus.COUNT - 1)];
        Contract contract = ((ReadResult.Accepted) reader.read(codec.read(body))).contract();
        ProcessingResult result = pipeline.process(contract).block();
        return codec.write(((ProcessingResult.Processed) result).document());
    }
}
