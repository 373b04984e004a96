package io.smart402.shard.replication;

import io.smart402.core.store.ContractRecord;
import io.smart402.shard.node.Node;
import io.smart402.shard.sql.UpsertStatement;
import io.smart402.shard.topology.NodeAddress;
import io.smart402.shard.topology.Shard;
import io.smart402.shard.topology.ShardTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Delivers what the immediate fan-out could not: on every period, for each pair of available nodes of a
 * shard, reads the source's owed rows for the target in bounded batches (oldest first), upserts them on the
 * target and deletes them from the outbox. The outbox is durable, so this resumes after a restart, and a
 * node coming back is caught up without any manual step. A pair whose node is down is skipped until the
 * health check sees it again, which is the backoff.
 */
public final class OutboxReplayer {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxReplayer.class);

    private final List<Node[]> pairs = new ArrayList<>();
    private final ReplicationSettings settings;
    private final AtomicLong replayedRows = new AtomicLong();
    private Disposable loop;

    /** @param nodes every node of {@code topology}, by name */
    public OutboxReplayer(ShardTopology topology, Map<String, Node> nodes, ReplicationSettings settings) {
        this.settings = settings;
        for (Shard shard : topology.shards()) {
            for (NodeAddress source : shard.nodes()) {
                for (NodeAddress target : shard.nodes()) {
                    if (source != target) {
                        pairs.add(new Node[] {nodes.get(source.name()), nodes.get(target.name())});
                    }
                }
            }
        }
    }

    public OutboxReplayer start() {
        loop = Flux.interval(settings.replayInterval())
                .onBackpressureDrop()
                .concatMap(tick -> replayAll().onErrorResume(e -> Mono.empty()), 1)
                .subscribe();
        return this;
    }

    /** One round over every (source, target) pair; emits the rows delivered. */
    private Mono<Long> replayAll() {
        return Flux.fromIterable(pairs)
                .filter(p -> p[0].available() && p[1].available())
                .flatMap(p -> replayPair(p[0], p[1])
                        .doOnNext(rows -> progress(p[0], p[1], rows))
                        .onErrorResume(e -> {
                            LOG.debug("outbox replay {} -> {} failed: {}", p[0].name(), p[1].name(), e.toString());
                            return Mono.just(0L);
                        }), 2)
                .reduce(0L, Long::sum);
    }

    private Mono<Long> replayPair(Node source, Node target) {
        return replayBatch(source, target)
                .expand(n -> n == settings.replayBatchSize() ? replayBatch(source, target) : Mono.empty())
                .reduce(0L, Long::sum);
    }

    /**
     * One batch in one source transaction: claim the owed rows ({@code FOR UPDATE SKIP LOCKED}), copy them to the
     * target, delete them, commit. Another instance's replayer running at the same moment skips the claimed rows
     * and takes the next ones, so the instances share the work instead of doing it twice; a failure or a cancel
     * rolls back and releases the claim for the next round. Should a copy still arrive twice (a commit lost after
     * the target took the rows), the versioned upsert makes the second a no-op.
     */
    private Mono<Long> replayBatch(Node source, Node target) {
        return source.guarded(c -> Mono.usingWhen(Mono.from(c.beginTransaction()).thenReturn(c),
                tx -> Outbox.owed(tx, target.name(), settings.replayMinAge(), settings.replayBatchSize())
                        .flatMap(owed -> {
                            if (owed.isEmpty()) {
                                return Mono.just(0L);
                            }
                            List<ContractRecord> rows = owed.stream().map(Outbox.Owed::record).toList();
                            Long[] seqs = owed.stream().map(Outbox.Owed::seq).toArray(Long[]::new);
                            return target.guarded(t -> UpsertStatement.execute(t, UpsertStatement.newestPerId(rows)))
                                    .then(Outbox.delete(tx, seqs))
                                    .thenReturn((long) owed.size());
                        }),
                tx -> tx.commitTransaction(),
                (tx, error) -> tx.rollbackTransaction(),
                tx -> tx.rollbackTransaction()))
                .doOnNext(replayedRows::addAndGet);
    }

    /** Only rounds that delivered something: an idle replayer (the normal case) writes nothing. */
    private void progress(Node source, Node target, long rows) {
        if (rows > 0) {
            LOG.info("outbox replay {} -> {}: {} owed rows delivered ({} since start)", source.name(), target.name(),
                    rows, replayedRows.get());
        }
    }

    public long replayedRows() {
        return replayedRows.get();
    }

    public void stop() {
        if (loop != null) {
            loop.dispose();
        }
    }
}
