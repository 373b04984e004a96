package io.smart402.bench.jmh;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smart402.bench.load.Workload;
import io.smart402.core.cache.CacheCodec;
import io.smart402.core.cache.TwoLevelCache;
import io.smart402.core.contract.Contract;
import io.smart402.core.phase.Phase;
import io.smart402.core.phase.PhaseName;
import io.smart402.core.phase.PhaseResult;
import io.smart402.core.phase.PhaseResults;
import io.smart402.core.pipeline.ContractPipeline;
import io.smart402.core.ratelimit.LocalRateLimiter;
import io.smart402.core.ratelimit.RateLimitOperator;
import io.smart402.core.ratelimit.RateLimitPolicy;
import io.smart402.core.resilience.circuitbreaker.Breaker;
import io.smart402.core.resilience.circuitbreaker.BreakerSettings;
import io.smart402.core.resilience.circuitbreaker.Breakers;
import io.smart402.core.resilience.circuitbreaker.CircuitBreakerOperator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Per-element overhead of the Flux operators the library offers, against a bare {@link Flux} doing the same
 * trivial work: the {@link ContractPipeline} with no-op phases (its own machinery: scheduling, state machine,
 * processed document), the rate limiter (a local token bucket that never runs dry, so every element pays one
 * decision), the circuit breaker (a permission and an outcome per element, compare with {@code bareFlatMap}) and a
 * two-level cache hit (L1 only, every key present, compare with {@code bareFlatMap}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OperatorOverheadBenchmark {

    static final int ELEMENTS = 1024;

    private Contract[] contracts;
    private ContractPipeline pipeline;
    private LocalRateLimiter limiter;
    private Breaker breaker;
    private TwoLevelCache<String> cache;

    @Setup
    public void setUp() {
        Workload workload = new Workload(402, "jmh-", 64);
        List<Contract> source = workload.contracts();
        contracts = new Contract[ELEMENTS];
        for (int i = 0; i < ELEMENTS; i++) {
            contracts[i] = source.get(i % source.size());
        }
        List<Phase> noop = new ArrayList<>();
        for (PhaseName name : PhaseName.values()) {
            noop.add(new NoopPhase(name));
        }
        pipeline = ContractPipeline.builder().phases(noop).scheduler(Schedulers.immediate()).concurrency(8).build();
        SimpleMeterRegistry registry =
                new SimpleMeterRegistry();
        limiter = LocalRateLimiter.builder()
                .policy(new RateLimitPolicy.TokenBucket(1_000_000_000L,
                        Duration.ofSeconds(1), 1_000_000_000L))
                .meterRegistry(registry).build();
        breaker = new Breakers(registry).breaker("jmh",
                BreakerSettings.DEFAULTS, e -> true);
        cache = TwoLevelCache.builder(CacheCodec.utf8())
                .meterRegistry(registry).build();
        for (Contract c : contracts) {
            cache.put(c.id(), c.id()).block();
        }
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public void bareFlux(Blackhole bh) {
        Flux.fromArray(contracts).map(Contract::id).subscribe(bh::consume);
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public void bareFlatMap(Blackhole bh) {
        Flux.fromArray(contracts).flatMap(c -> Mono.just(c.id()), 8).subscribe(bh::consume);
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public void contractPipelineNoopPhases(Blackhole bh) {
        Flux.fromArray(contracts).transform(pipeline.operator(ContractPipeline.Order.COMPLETION))
                .subscribe(bh::consume);
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public void rateLimitOperator(Blackhole bh) {
        Flux.fromArray(contracts).transform(RateLimitOperator.<Contract>of(limiter, c -> "client"))
                .map(Contract::id).subscribe(bh::consume);
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public void circuitBreakerOperator(Blackhole bh) {
        Flux.fromArray(contracts).flatMap(c -> Mono.just(c.id())
                .transformDeferred(CircuitBreakerOperator.of(breaker)), 8)
                .subscribe(bh::consume);
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public void cacheHit(Blackhole bh) {
        Flux.fromArray(contracts).flatMap(c -> cache.get(c.id(),
                k -> Mono.error(new IllegalStateException("miss: " + k))), 8)
                .subscribe(bh::consume);
    }

    /** A phase that does nothing, so the pipeline's own cost is what is left. */
    record NoopPhase(PhaseName name) implements Phase {
        @Override
        public PhaseResult apply(Contract contract, PhaseResults earlier) {
            return new PhaseResult(name, 1.0, JsonNodeFactory.instance.objectNode());
        }
    }
}
