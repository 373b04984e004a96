package io.smart402.shard.store;

import io.smart402.core.logging.RequestIds;
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
 * requests cost one round trip per batch instead of one per row. The queue is bounded: when it is full the
 * write fails fast with {@link StoreOverloadedException} instead of buffering without limit.
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

    ShardWriteQueue(String shard, int capacity, StoreSettings settings,
                    Function<List<ContractRecord>, Flux<WriteAck>> writeBatch) {
        this.shard = shard;
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
            // Sinks require serialized emission; the critical section is a queue offer, never I/O.
            synchronized (this) {
                result = queue.tryEmitNext(pending);
            }
            if (result.isFailure()) {
                return Mono.error(new StoreOverloadedException(shard));
            }
            waiting.incrementAndGet();
            return pending.done().asMono();
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
