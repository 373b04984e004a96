package io.smart402.shard.store;

import io.smart402.core.logging.RequestIds;
import io.smart402.core.resilience.limit.ConcurrencyLimit;
import java.util.concurrent.TimeUnit;
import reactor.core.scheduler.Schedulers;
import io.smart402.core.store.ContractRecord;
import io.smart402.core.store.WriteAck;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * Gathers single writes to one shard from all concurrent callers into multi-row batches, so many small
 * requests cost one round trip per batch instead of one per row. The rows outstanding (queued or in the batch
 * being written) are bounded by a {@link ConcurrencyLimit}: fixed at the queue's capacity, or adaptive, when
 * each row's time from enqueue to acknowledgement is a latency sample, so the bound shrinks as the shard's
 * queueing delay grows. Over the bound the write fails fast with {@link StoreOverloadedException} (load
 * shedding, answered with Retry-After) instead of waiting into a timeout.
 */
final class ShardWriteQueue {

    /** One queued write, with the id of the request it serves (null outside a request) for the batch's log line. */
    private record Pending(ContractRecord record, String requestId, Sinks.One<WriteAck> done) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ShardWriteQueue.class);

    private final String shard;
    private final Sinks.Many<Pending> queue;
    private final Disposable worker;
    private final AtomicInteger waiting = new AtomicInteger();
    private final ConcurrencyLimit limit;

    ShardWriteQueue(String shard, int capacity, StoreSettings settings,
                    Function<List<ContractRecord>, Flux<WriteAck>> writeBatch) {
        this(shard, ConcurrencyLimit.fixed(capacity), capacity, settings, writeBatch);
    }

    /** @param capacity the most rows ever queued (the adaptive limit's max) */
    ShardWriteQueue(String shard, ConcurrencyLimit limit, int capacity, StoreSettings settings,
                    Function<List<ContractRecord>, Flux<WriteAck>> writeBatch) {
        this.shard = shard;
        this.limit = limit;
        this.queue = Sinks.many().unicast().onBackpressureBuffer(Queues.<Pending>get(capacity).get());
        this.worker = queue.asFlux()
                .bufferTimeout(settings.batchSize(), settings.batchWindow(), true)
                .concatMap(batch -> write(batch, writeBatch), 1)
                .subscribe();
    }

    Mono<WriteAck> write(ContractRecord record) {
        return Mono.deferContextual(context -> {
            Pending pending = new Pending(record, RequestIds.orNull(context), Sinks.one());
            Sinks.EmitResult result;
            int outstanding;
            // Sinks require serialized emission; the critical section is a queue offer, never I/O.
            synchronized (this) {
                outstanding = waiting.get();
                if (outstanding >= limit.current()) {
                    return Mono.error(new StoreOverloadedException(shard));
                }
                result = queue.tryEmitNext(pending);
                if (result.isSuccess()) {
                    outstanding = waiting.incrementAndGet();
                }
            }
            if (result.isFailure()) {
                return Mono.error(new StoreOverloadedException(shard));
            }
            if (!limit.isAdaptive()) {
                return pending.done().asMono();
            }
            long start = now();
            int inFlight = outstanding;
            // Store time is Reactor's scheduler time (the store reads no system clock of its own).
            return pending.done().asMono()
                    .doOnEach(signal -> {
                        if (signal.isOnNext() || signal.isOnError()) {
                            limit.record(start, now() - start, inFlight, signal.isOnError());
                        }
                    });
        });
    }

    private Mono<Void> write(List<Pending> batch, Function<List<ContractRecord>, Flux<WriteAck>> writeBatch) {
        List<ContractRecord> records = batch.stream().map(Pending::record).toList();
        return writeBatch.apply(records)
                .collectList()
                .doOnNext(acks -> {
                    if (LOG.isDebugEnabled()) {
                        LOG.debug("shard {} wrote a batch of {} rows on {}, request ids {}", shard, acks.size(),
                                acks.isEmpty() ? "-" : acks.get(0).node(), requestIds(batch));
                    }
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).done().tryEmitValue(acks.get(i));
                    }
                })
                .onErrorResume(e -> {
                    if (LOG.isDebugEnabled()) {
                        LOG.debug("shard {} failed a batch of {} rows ({}), request ids {}", shard, batch.size(),
                                e.toString(), requestIds(batch));
                    }
                    batch.forEach(p -> p.done().tryEmitError(e));
                    return Mono.empty();
                })
                .doFinally(s -> waiting.addAndGet(-batch.size()))
                .then();
    }

    /** The distinct request ids a batch carries, in queue order: one request may queue several rows (a batch). */
    private static List<String> requestIds(List<Pending> batch) {
        return batch.stream().map(Pending::requestId).filter(java.util.Objects::nonNull).distinct().toList();
    }

    private static long now() {
        return Schedulers.parallel().now(TimeUnit.NANOSECONDS);
    }

    /** The bound on rows outstanding now. */
    int limit() {
        return limit.current();
    }

    /** Writes queued or in the current batch. */
    int waiting() {
        return waiting.get();
    }

    void stop() {
        synchronized (this) {
            queue.tryEmitComplete();
        }
        worker.dispose();
    }
}
