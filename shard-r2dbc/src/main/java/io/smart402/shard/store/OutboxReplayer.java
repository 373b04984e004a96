package io.smart402.shard.store;

import io.r2dbc.spi.Connection;
import io.smart402.core.store.ContractRecord;
import io.smart402.shard.health.NodeHealth;
import io.smart402.shard.topology.NodeAddress;
import io.smart402.shard.topology.Shard;
import io.smart402.shard.topology.ShardTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
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
final class OutboxReplayer {

    private final ShardTopology topology;
    private final Map<String, NodePool> pools;
    private final Map<String, NodeHealth> health;
    private final ReplicationSettings settings;
    private final AtomicLong replayedRows = new AtomicLong();
    private Disposable loop;

    OutboxReplayer(ShardTopology topology, Map<String, NodePool> pools, Map<String, NodeHealth> health,
                   ReplicationSettings settings) {
        this.topology = topology;
        this.pools = pools;
        this.health = health;
        this.settings = settings;
    }

    OutboxReplayer start() {
        loop = Flux.interval(settings.replayInterval())
                .onBackpressureDrop()
                .concatMap(tick -> replayAll().onErrorResume(e -> Mono.empty()), 1)
                .subscribe();
        return this;
    }

    /** One round over every (source, target) pair; emits the rows delivered. */
    Mono<Long> replayAll() {
        List<NodeAddress[]> pairs = new ArrayList<>();
        for (Shard shard : topology.shards()) {
            for (NodeAddress source : shard.nodes()) {
                for (NodeAddress target : shard.nodes()) {
                    if (source != target) {
                        pairs.add(new NodeAddress[] {source, target});
                    }
                }
            }
        }
        return Flux.fromIterable(pairs)
                .filter(p -> health.get(p[0].name()).available() && health.get(p[1].name()).available())
                .flatMap(p -> replayPair(p[0].name(), p[1].name()).onErrorResume(e -> Mono.just(0L)), 2)
                .reduce(0L, Long::sum);
    }

    private Mono<Long> replayPair(String source, String target) {
        return replayBatch(source, target)
                .expand(n -> n == settings.replayBatchSize() ? replayBatch(source, target) : Mono.empty())
                .reduce(0L, Long::sum);
    }

    private Mono<Long> replayBatch(String source, String target) {
        NodeHealth sourceHealth = health.get(source);
        NodeHealth targetHealth = health.get(target);
        return sourceHealth.guard(Mono.usingWhen(pools.get(source).pool().create(),
                        c -> Outbox.owed(c, target, settings.replayMinAge(), settings.replayBatchSize()),
                        Connection::close))
                .flatMap(owed -> {
                    if (owed.isEmpty()) {
                        return Mono.just(0L);
                    }
                    List<ContractRecord> rows = owed.stream().map(Outbox.Owed::record).toList();
                    Long[] seqs = owed.stream().map(Outbox.Owed::seq).toArray(Long[]::new);
                    return targetHealth.guard(Mono.usingWhen(pools.get(target).pool().create(),
                                    c -> UpsertStatement.execute(c, UpsertStatement.newestPerId(rows)), Connection::close))
                            .then(sourceHealth.guard(Mono.usingWhen(pools.get(source).pool().create(),
                                    c -> Outbox.delete(c, seqs), Connection::close)))
                            .doOnSuccess(n -> replayedRows.addAndGet(owed.size()))
                            .thenReturn((long) owed.size());
                });
    }

    long replayedRows() {
        return replayedRows.get();
    }

    void stop() {
        if (loop != null) {
            loop.dispose();
        }
    }
}
