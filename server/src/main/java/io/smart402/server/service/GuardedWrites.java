package io.smart402.server.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smart402.core.resilience.circuitbreaker.CircuitOpenException;
import io.smart402.core.logging.RequestIds;
import io.smart402.core.resilience.deadletter.DeadLetter;
import io.smart402.core.resilience.deadletter.DeadLetterOperator;
import io.smart402.core.resilience.deadletter.DeadLetterStore;
import io.smart402.core.resilience.deadletter.DeadLetteredException;
import io.smart402.core.resilience.priority.AdmissionRejectedException;
import io.smart402.core.resilience.retry.RetryExhaustedException;
import io.smart402.core.resilience.retry.RetryOperator;
import io.smart402.core.resilience.retry.RetryPolicy;
import io.smart402.core.store.ContractRecord;
import io.smart402.server.metrics.ServerMeters;
import io.smart402.core.store.ContractStore;
import io.smart402.core.store.WriteAck;
import io.smart402.shard.store.StoreOverloadedException;
import io.smart402.core.resilience.SchedulerClock;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Store writes with retries (backoff and jitter, retryable errors only) and, for a write that still fails,
 * a dead letter holding the record so an operator can replay it. Load shedding (a full write queue, an open
 * breaker, a full waiting room) is answered to the client with {@code Retry-After} instead: it is neither
 * retried here nor dead-lettered. Publishes {@code smart402_dead_letters} (letters kept) and
 * {@code smart402_dead_letters_replayed_total}.
 */
public final class GuardedWrites {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedWrites.class);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Load shedding: answered with Retry-After, never kept as a dead letter. */
    private static final Predicate<Throwable> SHED = e -> e instanceof StoreOverloadedException
            || e instanceof CircuitOpenException || e instanceof AdmissionRejectedException;

    private final ContractStore store;
    private final RetryOperator<WriteAck> retry;
    /** Null when dead letters are off; its letter is set per write ({@link DeadLetterOperator#withLetter}). */
    private final DeadLetterOperator<WriteAck> deadLettering;
    private final DeadLetterStore deadLetters;
    private final Clock clock;
    private final AtomicLong kept = new AtomicLong();
    private final Counter replayed;
    private final MeterRegistry registry;
    private final WriteListener listener;

    /**
     * @param deadLetters null to not keep dead letters
     */
    public GuardedWrites(ContractStore store, RetryPolicy retry, DeadLetterStore deadLetters, Clock clock,
                         MeterRegistry registry) {
        this(store, retry, deadLetters, clock, registry, WriteListener.none());
    }

    /**
     * @param listener told of every successful write (new or replayed) before the ack is emitted
     */
    public GuardedWrites(ContractStore store, RetryPolicy retry, DeadLetterStore deadLetters, Clock clock,
                         MeterRegistry registry, WriteListener listener) {
        this.listener = listener;
        this.store = store;
        this.retry = RetryOperator.of(retry);
        this.deadLettering = deadLetters == null ? null
                : DeadLetterOperator.perItem(deadLetters, SHED.negate(), registry);
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.registry = registry;
        ServerMeters.DEAD_LETTERS.gauge(kept, AtomicLong::get).register(registry);
        this.replayed = ServerMeters.DEAD_LETTERS_REPLAYED.counter().register(registry);
    }

    /** A plain write path: no retries, no dead letters. */
    public static GuardedWrites plain(ContractStore store, MeterRegistry registry) {
        return new GuardedWrites(store, RetryPolicy.builder().maxAttempts(1).meterRegistry(registry).build(), null,
                SchedulerClock.parallel(), registry);
    }

    /** Writes {@code record}, retrying per the policy; a final failure is dead-lettered (when enabled). */
    public Mono<WriteAck> write(ContractRecord record) {
        Mono<WriteAck> attempts = Mono.defer(() -> store.write(record)).transform(retry)
                .flatMap(ack -> written(record, ack));
        if (deadLetters == null) {
            return attempts;
        }
        return attempts.transform(deadLettering.withLetter(e -> letter(record, e)))
                .transformDeferredContextual((guarded, context) -> guarded.doOnError(DeadLetteredException.class, e -> {
                    kept.incrementAndGet();
                    // The one trace of why an acknowledged-as-failed write failed: the client sees only a problem.
                    RequestIds.logWith(context, () -> LOG.warn("write of {} failed for good and is kept as a dead "
                            + "letter", record.id(), e));
                }));
    }

    /** Writes a dead letter's record again (with retries); on success the letter is deleted. */
    public Mono<WriteAck> replay(DeadLetter letter) {
        ContractRecord record = record(letter);
        return Mono.defer(() -> store.write(record)).transform(retry)
                .flatMap(ack -> written(record, ack))
                .flatMap(ack -> deadLetters.delete(letter.id()).doOnNext(existed -> {
                    replayed.increment();
                    if (existed) {
                        kept.decrementAndGet();
                    }
                }).thenReturn(ack))
                .onErrorResume(e -> !(e instanceof IllegalArgumentException), e -> deadLetters
                        .update(letter.failedAgain(String.valueOf(rootCause(e)), clock.instant()))
                        .then(Mono.error(e)));
    }

    private Mono<WriteAck> written(ContractRecord record, WriteAck ack) {
        return listener.written(record).onErrorResume(e -> Mono.empty()).thenReturn(ack);
    }

    /** Deletes a letter; emits whether it existed. */
    public Mono<Boolean> delete(String id) {
        return deadLetters.delete(id).doOnNext(existed -> {
            if (existed) {
                kept.decrementAndGet();
            }
        });
    }

    public DeadLetterStore deadLetters() {
        return deadLetters;
    }

    /** Sets the kept count from the store (at start-up; the gauge is this server's view after that). */
    public Mono<Long> refreshCount() {
        return deadLetters == null ? Mono.just(0L) : deadLetters.count().doOnNext(kept::set);
    }

    public long keptCount() {
        return kept.get();
    }

    private DeadLetter letter(ContractRecord record, Throwable error) {
        Instant now = clock.instant();
        int attempts = 1;
        Instant first = now;
        Instant last = now;
        if (error instanceof RetryExhaustedException x) {
            attempts = x.attempts();
            first = x.firstFailure();
            last = x.lastFailure();
        }
        ObjectNode payload = JSON.createObjectNode();
        payload.put("id", record.id()).put("version", record.version()).put("digest", record.digest())
                .put("type", record.type()).put("status", record.status()).put("document", record.json());
        return new DeadLetter(DeadLetter.newId(now), record.id(), payload.toString(), String.valueOf(rootCause(error)),
                attempts, first, last);
    }

    private static Throwable rootCause(Throwable e) {
        return e instanceof RetryExhaustedException && e.getCause() != null ? e.getCause() : e;
    }

    /** The record a letter holds (its original version: a newer write of the same id still wins). */
    static ContractRecord record(DeadLetter letter) {
        try {
            JsonNode p = JSON.readTree(letter.payload());
            return new ContractRecord(p.path("id").asText(), p.path("version").asLong(), p.path("digest").asText(),
                    p.path("type").asText(), p.path("status").asText(), p.path("document").asText());
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("dead letter " + letter.id() + " does not hold a contract record", e);
        }
    }
}
