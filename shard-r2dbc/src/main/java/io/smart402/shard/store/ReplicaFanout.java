package io.smart402.shard.store;

import io.r2dbc.spi.Connection;
import io.smart402.core.store.ContractRecord;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * Asynchronous copy of acknowledged batches to one replica: a bounded queue drained by a long-lived worker
 * with bounded concurrency. Nothing is fire-and-forget: every batch is counted as queued, written, failed
 * or dropped (queue full), and those counts are visible in stats. Making undelivered copies durable is the
 * outbox's job, not this class's.
 */
final class ReplicaFanout {

    private final NodePool replica;
    private final Sinks.Many<List<ContractRecord>> queue;
    private final Disposable worker;
    private final AtomicInteger pendingBatches = new AtomicInteger();
    private final AtomicLong writtenRows = new AtomicLong();
    private final AtomicLong failedRows = new AtomicLong();
    private final AtomicLong droppedRows = new AtomicLong();
    private volatile String lastError = "";

    ReplicaFanout(NodePool replica, StoreSettings settings) {
        this.replica = replica;
        this.queue = Sinks.many().unicast().onBackpressureBuffer(
                Queues.<List<ContractRecord>>get(settings.replicaQueueBatches()).get());
        this.worker = queue.asFlux()
                .flatMap(this::write, settings.replicaConcurrency())
                .subscribe();
    }

    /** Queues a copy of {@code rows}; never waits. */
    void offer(Collection<ContractRecord> rows) {
        List<ContractRecord> batch = List.copyOf(rows);
        Sinks.EmitResult result;
        // Sinks require serialized emission; the critical section is a queue offer, never I/O.
        synchronized (this) {
            result = queue.tryEmitNext(batch);
        }
        if (result.isSuccess()) {
            pendingBatches.incrementAndGet();
        } else {
            droppedRows.addAndGet(batch.size());
        }
    }

    private Mono<Void> write(List<ContractRecord> batch) {
        return Mono.usingWhen(replica.pool().create(), c -> UpsertStatement.execute(c, batch), Connection::close)
                .doOnSuccess(n -> writtenRows.addAndGet(batch.size()))
                .onErrorResume(e -> {
                    failedRows.addAndGet(batch.size());
                    lastError = String.valueOf(e.getMessage());
                    return Mono.empty();
                })
                .doFinally(s -> pendingBatches.decrementAndGet())
                .then();
    }

    NodePool replica() {
        return replica;
    }

    int pendingBatches() {
        return pendingBatches.get();
    }

    long writtenRows() {
        return writtenRows.get();
    }

    long failedRows() {
        return failedRows.get();
    }

    long droppedRows() {
        return droppedRows.get();
    }

    String lastError() {
        return lastError;
    }

    /** Stops accepting batches and waits (up to {@code timeout}) for the queued ones to be written. */
    Mono<Void> drainAndStop(Duration timeout) {
        synchronized (this) {
            queue.tryEmitComplete();
        }
        return Mono.defer(() -> pendingBatches.get() == 0 ? Mono.just(true) : Mono.<Boolean>empty())
                .repeatWhenEmpty(r -> r.delayElements(Duration.ofMillis(20)))
                .timeout(timeout, Mono.just(false))
                .doFinally(s -> worker.dispose())
                .then();
    }
}
