package io.smart402.shard.replication;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smart402.core.metrics.LatencyBuckets;
import io.smart402.core.store.ContractRecord;
import io.smart402.shard.metrics.ShardMeters;
import io.smart402.shard.node.Node;
import io.smart402.shard.sql.UpsertStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * Immediate, asynchronous delivery of acknowledged batches to one copy (a bounded queue drained with bounded
 * concurrency), then removal of the matching outbox rows on the node that acknowledged them. Anything it
 * cannot deliver — queue full, target down, an error — stays in that node's outbox for the
 * {@link OutboxReplayer}, so nothing acknowledged depends on this class succeeding. Each copy that lands is timed
 * from its offer, which the store makes as the batch commits on the acknowledging node, to its commit here.
 */
public final class CopyFanout {

    /** A batch owed to this copy by {@code source}, with the outbox rows that record the debt. */
    public record Delivery(Node source, List<ContractRecord> rows, Long[] seqs) {
    }

    /** A delivery and when it was offered, on the registry's monotonic clock. */
    private record Queued(Delivery delivery, long offeredNanos) {
    }

    private final Node target;
    private final Sinks.Many<Queued> queue;
    private final Disposable worker;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong deliveredRows = new AtomicLong();
    private final AtomicLong deferredRows = new AtomicLong();
    private final Clock clock;
    private final Timer copyDelay;

    /**
     * @param queueBatches batches queued before new ones are left to the replayer
     * @param concurrency  batches written to the target at once
     * @param registry     where the copy delay to {@code target} is published
     */
    public CopyFanout(Node target, int queueBatches, int concurrency, MeterRegistry registry) {
        this.target = target;
        this.clock = registry.config().clock();
        this.copyDelay = ShardMeters.REPLICA_COPY_DELAY.timer(LatencyBuckets.REPLICATION)
                .tag("node", target.name()).register(registry);
        this.queue = Sinks.many().unicast().onBackpressureBuffer(Queues.<Queued>get(queueBatches).get());
        this.worker = queue.asFlux().flatMap(this::deliver, concurrency).subscribe();
    }

    /** Queues a delivery; never waits. When the queue is full the outbox keeps the debt. */
    public void offer(Delivery delivery) {
        Queued queued = new Queued(delivery, clock.monotonicTime());
        Sinks.EmitResult result;
        // Sinks require serialized emission; the critical section is a queue offer, never I/O.
        synchronized (this) {
            result = queue.tryEmitNext(queued);
        }
        if (result.isSuccess()) {
            pending.incrementAndGet();
        } else {
            deferredRows.addAndGet(delivery.rows().size());
        }
    }

    private Mono<Void> deliver(Queued queued) {
        Delivery d = queued.delivery();
        if (!target.available()) {
            deferredRows.addAndGet(d.rows().size());
            pending.decrementAndGet();
            return Mono.empty();
        }
        return target.guarded(c -> UpsertStatement.execute(c, d.rows()))
                .doOnSuccess(n -> copyDelay.record(clock.monotonicTime() - queued.offeredNanos(), TimeUnit.NANOSECONDS))
                .then(d.source().guarded(c -> Outbox.delete(c, d.seqs())))
                .doOnSuccess(n -> deliveredRows.addAndGet(d.rows().size()))
                .onErrorResume(e -> {
                    deferredRows.addAndGet(d.rows().size());
                    return Mono.empty();
                })
                .doFinally(s -> pending.decrementAndGet())
                .then();
    }

    public int pendingBatches() {
        return pending.get();
    }

    public long deliveredRows() {
        return deliveredRows.get();
    }

    /** Rows left to the replayer (queue full, target down, or delivery failed). */
    public long deferredRows() {
        return deferredRows.get();
    }

    /** Stops accepting deliveries; queued ones are still attempted until {@link #dispose()}. */
    public void stop() {
        synchronized (this) {
            queue.tryEmitComplete();
        }
    }

    /** Cancels what is left; it stays owed in the outbox. */
    public void dispose() {
        worker.dispose();
    }

    /** Waits until nothing is pending, polling (bounded by the caller's timeout). */
    public Mono<Void> drained() {
        return Mono.defer(() -> pending.get() == 0 ? Mono.just(true) : Mono.<Boolean>empty())
                .repeatWhenEmpty(r -> r.delayElements(Duration.ofMillis(20)))
                .then();
    }
}
