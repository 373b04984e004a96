package io.smart402.shard.store;

import io.smart402.core.store.ContractRecord;
import io.smart402.core.store.WriteAck;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
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

    private record Pending(ContractRecord record, Sinks.One<WriteAck> done) {
    }

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
        return Mono.defer(() -> {
            Pending pending = new Pending(record, Sinks.one());
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
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).done().tryEmitValue(acks.get(i));
                    }
                })
                .onErrorResume(e -> {
                    batch.forEach(p -> p.done().tryEmitError(e));
                    return Mono.empty();
                })
                .doFinally(s -> waiting.addAndGet(-batch.size()))
                .then();
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
