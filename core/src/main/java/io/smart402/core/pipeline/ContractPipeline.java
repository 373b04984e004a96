package io.smart402.core.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smart402.core.contract.Contract;
import io.smart402.core.phase.Phase;
import io.smart402.core.phase.PhaseException;
import io.smart402.core.phase.PhaseName;
import io.smart402.core.phase.PhaseResult;
import io.smart402.core.phase.PhaseResults;
import io.smart402.core.state.StateMachine;
import io.smart402.core.state.TransitionCondition;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Runs the phases over a stream of contracts: CPU work on a bounded scheduler, bounded concurrency, results
 * in input order or in completion order. A failing item becomes a {@link ProcessingResult.Failed}; it never
 * terminates the stream.
 */
public final class ContractPipeline {

    /** Which order results are emitted in. */
    public enum Order {
        /** Results in the order contracts arrived ({@code flatMapSequential}); a slow item holds back later ones. */
        INPUT,
        /** Results as soon as each completes ({@code flatMap}); best throughput. */
        COMPLETION
    }

    private final List<Phase> phases;
    private final Scheduler scheduler;
    private final int concurrency;
    private final Clock clock;
    private final PipelineMetrics metrics;
    private final AtomicInteger inFlight = new AtomicInteger();

    private ContractPipeline(Builder b) {
        this.phases = List.copyOf(b.phases);
        this.scheduler = b.scheduler;
        this.concurrency = b.concurrency;
        this.clock = b.clock;
        this.metrics = new PipelineMetrics(b.registry, inFlight);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Processes one contract on the CPU scheduler. */
    public Mono<ProcessingResult> process(Contract contract) {
        // The count drops before the result goes downstream (not in doFinally, which runs after it), so
        // whoever the result frees a slot for never sees the finished contract still counted.
        return Mono.defer(() -> {
            AtomicBoolean counted = new AtomicBoolean(true);
            Runnable release = () -> {
                if (counted.compareAndSet(true, false)) {
                    inFlight.decrementAndGet();
                }
            };
            inFlight.incrementAndGet();
            return Mono.fromCallable(() -> runPhases(contract))
                    .subscribeOn(scheduler)
                    .doOnTerminate(release)
                    .doOnCancel(release);
        });
    }

    /** Processes a stream with at most {@link #concurrency()} contracts in flight. */
    public Flux<ProcessingResult> process(Flux<Contract> contracts, Order order) {
        return order == Order.INPUT
                ? contracts.flatMapSequential(this::process, concurrency, 1)
                : contracts.flatMap(this::process, concurrency, 1);
    }

    /** The same as {@link #process(Flux, Order)}, as an operator for {@code flux.transform(...)}. */
    public Function<Flux<Contract>, Flux<ProcessingResult>> operator(Order order) {
        Objects.requireNonNull(order, "order");
        return contracts -> process(contracts, order);
    }

    public int concurrency() {
        return concurrency;
    }

    /** The bounded CPU scheduler the phases run on; other CPU work of a contract (decoding, validation) belongs there too. */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** Contracts currently being processed. */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Each phase enters its state before it runs (s0→s1 AEO, s1→s2 LLMO, s2→s3 SCC compile, s3→s4 SCC
     * verified, s4→s5 X402; spec §4), so a failure in any phase is a legal move to FAILED.
     */
    private ProcessingResult runPhases(Contract contract) {
        StateMachine machine = new StateMachine(clock);
        PhaseResults results = PhaseResults.empty();
        long[] finishedAt = new long[PhaseName.values().length];
        for (Phase phase : phases) {
            machine.fire(TransitionCondition.SUCCESS, phase.name().key());
            long start = System.nanoTime();
            try {
                PhaseResult result = phase.apply(contract, results);
                results = results.with(result);
            } catch (PhaseException e) {
                return fail(contract, machine, phase.name(), e.code(), e.getMessage());
            } catch (RuntimeException e) {
                return fail(contract, machine, phase.name(), "INTERNAL", String.valueOf(e));
            } finally {
                metrics.phaseTimer(phase.name()).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
            finishedAt[phase.name().ordinal()] = clock.millis();
            if (phase.name() == PhaseName.SCC) {
                machine.fire(TransitionCondition.SUCCESS, "scc:verified");
            }
        }
        metrics.processed().increment();
        ObjectNode document = ProcessedDocument.assemble(contract, results, machine.toJson(), finishedAt);
        return new ProcessingResult.Processed(contract, document);
    }

    private ProcessingResult fail(Contract contract, StateMachine machine, PhaseName phase, String code,
                                  String message) {
        machine.fire(TransitionCondition.FAILURE, phase.key());
        metrics.failed(phase).increment();
        return new ProcessingResult.Failed(contract, phase.key(), code, message, machine.toJson());
    }

    /** Fails fast on nonsense so configuration errors surface at start-up. */
    public static final class Builder {
        private List<Phase> phases;
        private Scheduler scheduler = Schedulers.parallel();
        private int concurrency = Math.max(2, Runtime.getRuntime().availableProcessors() * 2);
        private Clock clock = io.smart402.core.resilience.SchedulerClock.parallel();
        private MeterRegistry registry = new SimpleMeterRegistry();

        private Builder() {
        }

        /** The phases in order; required. */
        public Builder phases(List<Phase> phases) {
            if (phases == null || phases.isEmpty()) {
                throw new IllegalArgumentException("pipeline.phases must not be empty");
            }
            this.phases = phases;
            return this;
        }

        /** The CPU scheduler (default {@link Schedulers#parallel()}, one worker per core). */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "pipeline.scheduler");
            return this;
        }

        /** Contracts in flight at once (default 2 × cores). */
        public Builder concurrency(int concurrency) {
            if (concurrency < 1) {
                throw new IllegalArgumentException("pipeline.concurrency must be at least 1, was " + concurrency);
            }
            this.concurrency = concurrency;
            return this;
        }

        /** The clock behind {@code *_timestamp} fields (default: Reactor's scheduler time, virtual in tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "pipeline.clock");
            return this;
        }

        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "pipeline.meterRegistry");
            return this;
        }

        public ContractPipeline build() {
            if (phases == null) {
                throw new IllegalStateException("pipeline.phases is required");
            }
            return new ContractPipeline(this);
        }
    }
}
