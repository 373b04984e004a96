package io.smart402.server.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smart402.core.cache.PhaseResultCache;
import io.smart402.core.cache.TwoLevelCache;
import io.smart402.core.contract.Contract;
import io.smart402.core.contract.ContractCodec;
import io.smart402.core.contract.ContractReader;
import io.smart402.core.contract.ReadResult;
import io.smart402.core.pipeline.ContractPipeline;
import io.smart402.core.pipeline.ProcessingResult;
import io.smart402.core.resilience.priority.AdmissionRejectedException;
import io.smart402.core.resilience.priority.Priority;
import io.smart402.core.resilience.priority.PriorityGate;
import io.smart402.core.resilience.priority.PriorityOperator;
import io.smart402.core.store.ContractRecord;
import io.smart402.core.store.ContractStore;
import io.smart402.core.store.HybridLogicalClock;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import io.smart402.server.metrics.ServerMeters;
import reactor.core.publisher.Mono;

/**
 * One contract's whole flow: decode, normalize and validate, run the phases, store durably. Never fails:
 * every refusal is an {@link Outcome.Refused} carrying its domain reason ({@link Refusal}), so one bad item
 * cannot end a stream.
 */
public final class ContractService {

    private final ContractCodec codec;
    private final ContractReader reader;
    private final ContractPipeline pipeline;
    private final ContractStore store;
    private final GuardedWrites writes;
    private final PriorityGate gate;
    private final TwoLevelCache<byte[]> cache;
    private final PhaseResultCache phaseResults;
    private final HybridLogicalClock clock;
    private final Counter invalid;
    private final Counter stored;
    private final ProcessingTimers timers;
    private final AtomicLong successful = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    public ContractService(ContractCodec codec, ContractReader reader, ContractPipeline pipeline, ContractStore store,
                           HybridLogicalClock clock, MeterRegistry registry) {
        this(codec, reader, pipeline, store, GuardedWrites.plain(store, registry), null, clock, registry);
    }

    /**
     * @param writes store writes with retries and dead letters
     * @param gate   priority admission in front of the phases; null for none
     */
    public ContractService(ContractCodec codec, ContractReader reader, ContractPipeline pipeline, ContractStore store,
                           GuardedWrites writes, PriorityGate gate, HybridLogicalClock clock, MeterRegistry registry) {
        this(codec, reader, pipeline, store, writes, gate, null, null, clock, registry);
    }

    /**
     * @param cache        the read-through cache of stored documents by id; null for none. Writes must update it
     *                     ({@code writes} does so through its {@link WriteListener})
     * @param phaseResults the content-addressed phase-result cache; null for none
     */
    public ContractService(ContractCodec codec, ContractReader reader, ContractPipeline pipeline, ContractStore store,
                           GuardedWrites writes, PriorityGate gate, TwoLevelCache<byte[]> cache,
                           PhaseResultCache phaseResults, HybridLogicalClock clock, MeterRegistry registry) {
        this.cache = cache;
        this.phaseResults = phaseResults;
        this.codec = codec;
        this.reader = reader;
        this.pipeline = pipeline;
        this.store = store;
        this.writes = writes;
        this.gate = gate;
        this.clock = clock;
        this.invalid = ServerMeters.CONTRACTS_INVALID.counter().register(registry);
        this.stored = ServerMeters.CONTRACTS_STORED.counter().register(registry);
        this.timers = new ProcessingTimers(registry);
    }

    /** Submits one encoded contract (UTF-8 JSON bytes) at NORMAL priority. */
    public Mono<Outcome> submit(byte[] json) {
        return submit(json, Priority.NORMAL);
    }

    /** Submits one parsed contract document at NORMAL priority. */
    public Mono<Outcome> submit(JsonNode json) {
        return submit(json, Priority.NORMAL);
    }

    /**
     * Submits one encoded contract; {@code priority} applies unless the contract has a valid {@code priority}.
     * Decoding, normalization, validation and the digest run on the pipeline's CPU scheduler, never on the
     * subscriber's thread: that is a Netty event loop for HTTP, or a database driver's loop when a batch asks
     * for its next item as a write completes.
     */
    public Mono<Outcome> submit(byte[] json, Priority priority) {
        return checkAndProcess(() -> decode(json), priority);
    }

    /** Submits one parsed contract document; its own {@code priority} member, when valid, wins. */
    public Mono<Outcome> submit(JsonNode json, Priority priority) {
        return checkAndProcess(() -> validate(json), priority);
    }

    /**
     * Checks on the CPU scheduler, then processes what is valid; timed from subscription to the outcome (a
     * cancelled submission, e.g. a client gone, is not recorded).
     */
    private Mono<Outcome> checkAndProcess(Callable<Checked> check, Priority priority) {
        return Mono.defer(() -> {
            long start = timers.start();
            return Mono.fromCallable(check).subscribeOn(pipeline.scheduler())
                    .flatMap(checked -> checked instanceof Checked.Valid v
                            ? process(v.contract(), v.json(), priority).doOnNext(o -> timers.processed(o, start))
                            : Mono.just(((Checked.Refused) checked).outcome()).doOnNext(o -> timers.invalid(start)));
        });
    }

    /** A decoded and validated contract, or the outcome that refuses it. */
    private sealed interface Checked {

        record Valid(Contract contract, JsonNode json) implements Checked {
        }

        record Refused(Outcome outcome) implements Checked {
        }
    }

    private Checked decode(byte[] bytes) {
        JsonNode node;
        try {
            node = codec.read(bytes);
        } catch (RuntimeException e) {
            return new Checked.Refused(refusedInput(null, new Refusal.Failed(e)));
        }
        return validate(node);
    }

    private Checked validate(JsonNode json) {
        ReadResult read = reader.read(json);
        if (read instanceof ReadResult.Rejected r) {
            return new Checked.Refused(refusedInput(r.id(), new Refusal.Invalid(r)));
        }
        return new Checked.Valid(((ReadResult.Accepted) read).contract(), json);
    }

    private Mono<Outcome> process(Contract contract, JsonNode json, Priority priority) {
        return Mono.defer(() -> {
            // Looked up once admitted, like the phases it stands for. A miss is serialized inside the admission
            // permit, on the thread that ran its phases while their tree is still in its caches: the phases'
            // in-flight limit (pipeline.limit) counts the serialization with them.
            Mono<Phased> phased = Mono.defer(() -> {
                byte[] cached = phaseResults != null ? phaseResults.find(contract) : null;
                return cached != null ? Mono.just(new Phased.Done(contract, cached))
                        : pipeline.process(contract).map(this::encode);
            });
            if (gate != null) {
                Priority own = Priority.parse(json.path("priority").asText(null)).orElse(priority);
                phased = phased.transform(PriorityOperator.of(gate, own));
            }
            // A cached phase result or a permit granted on a database thread would otherwise store from there.
            return phased.publishOn(pipeline.scheduler()).flatMap(this::store)
                    // Shed before the phases (overload): a refusal like any other, so one shed item of a batch
                    // becomes its own 503 event instead of ending the stream.
                    .onErrorResume(AdmissionRejectedException.class,
                            e -> Mono.just(new Outcome.Refused(contract.id(), new Refusal.Failed(e))));
        });
    }

    /** What the phases gave a contract: its processed document, serialized, or their failure. */
    private sealed interface Phased {

        record Done(Contract contract, byte[] document) implements Phased {
        }

        record Failed(ProcessingResult.Failed failure) implements Phased {
        }
    }

    /**
     * Serializes a processed document once, on the thread that ran its phases: these bytes are what the store
     * writes, the replica copies carry, the answer sends and the phase-result cache keeps.
     */
    private Phased encode(ProcessingResult result) {
        if (result instanceof ProcessingResult.Failed f) {
            return new Phased.Failed(f);
        }
        ProcessingResult.Processed processed = (ProcessingResult.Processed) result;
        byte[] document = codec.write(processed.document());
        if (phaseResults != null) {
            phaseResults.put(processed.contract(), document);
        }
        return new Phased.Done(processed.contract(), document);
    }

    private Mono<Outcome> store(Phased phased) {
        if (phased instanceof Phased.Failed f) {
            failed.incrementAndGet();
            return Mono.just(new Outcome.Refused(f.failure().contract().id(), new Refusal.PhaseFailed(f.failure())));
        }
        Phased.Done done = (Phased.Done) phased;
        Contract contract = done.contract();
        byte[] document = done.document();
        ContractRecord record = new ContractRecord(contract.id(), clock.next(), contract.digest(),
                contract.canonicalType(), "processed", document);
        return writes.write(record)
                .<Outcome>map(ack -> {
                    stored.increment();
                    successful.incrementAndGet();
                    return new Outcome.Stored(contract.id(), document, ack);
                })
                .onErrorResume(e -> {
                    failed.incrementAndGet();
                    return Mono.just(new Outcome.Refused(contract.id(), new Refusal.Failed(e)));
                });
    }

    private Outcome refusedInput(String id, Refusal reason) {
        invalid.increment();
        rejected.incrementAndGet();
        return new Outcome.Refused(id, reason);
    }

    /** The stored document of {@code id} as UTF-8 JSON, or empty. Shared with the cache: do not modify. */
    public Mono<byte[]> find(String id) {
        return cache == null ? load(id) : cache.get(id, this::load);
    }

    private Mono<byte[]> load(String id) {
        return store.findById(id).map(json -> json.getBytes(StandardCharsets.UTF_8));
    }

    /** Counts for {@code /stats}: successful (stored), failed (phase or store), invalid (rejected input). */
    public long successfulContracts() {
        return successful.get();
    }

    public long failedContracts() {
        return failed.get() + rejected.get();
    }

    public long invalidContracts() {
        return rejected.get();
    }

    public ContractPipeline pipeline() {
        return pipeline;
    }

    /** The guarded write path (retries, dead letters). */
    public GuardedWrites writes() {
        return writes;
    }
}
