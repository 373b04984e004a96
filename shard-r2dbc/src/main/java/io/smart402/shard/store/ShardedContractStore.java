package io.smart402.shard.store;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.r2dbc.spi.Connection;
import io.smart402.core.store.ContractRecord;
import io.smart402.core.store.ContractStore;
import io.smart402.core.store.WriteAck;
import io.smart402.shard.routing.ShardingStrategy;
import io.smart402.shard.schema.SchemaMigrator;
import io.smart402.shard.topology.NodeAddress;
import io.smart402.shard.topology.Shard;
import io.smart402.shard.topology.ShardTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The sharded PostgreSQL store: routes each id through the hash ring to its shard, writes per-shard
 * batches to the primary (one multi-row statement each), acknowledges after the primary commits, then
 * copies the batch to the shard's replicas asynchronously.
 */
public final class ShardedContractStore implements ContractStore {

    private final ShardTopology topology;
    private final ShardingStrategy ring;
    private final StoreSettings settings;
    private final Map<String, NodePool> pools;
    private final Map<String, List<ReplicaFanout>> fanouts;
    private final Map<String, Timer> writeTimers = new LinkedHashMap<>();
    private final DistributionSummary batchSizes;
    private final Map<String, ShardWriteQueue> writeQueues = new LinkedHashMap<>();

    private ShardedContractStore(ShardTopology topology, ShardingStrategy ring, StoreSettings settings,
                                 int queuePerShard, MeterRegistry registry) {
        this.topology = topology;
        this.ring = ring;
        this.settings = settings;
        this.pools = new LinkedHashMap<>();
        this.fanouts = new LinkedHashMap<>();
        for (Shard shard : topology.shards()) {
            List<ReplicaFanout> replicas = new ArrayList<>();
            for (NodeAddress node : shard.nodes()) {
                NodePool pool = new NodePool(node, settings);
                pools.put(node.name(), pool);
                if (node != shard.primary()) {
                    replicas.add(new ReplicaFanout(pool, settings));
                }
            }
            fanouts.put(shard.id(), List.copyOf(replicas));
            writeTimers.put(shard.id(), Timer.builder("smart402.shard.write")
                    .description("Commit time of one batch on a shard primary")
                    .tag("shard", shard.id()).register(registry));
        }
        this.batchSizes = DistributionSummary.builder("smart402.shard.batch.size")
                .description("Rows per multi-row upsert").baseUnit("rows").register(registry);
        for (Shard shard : topology.shards()) {
            writeQueues.put(shard.id(), new ShardWriteQueue(shard.id(), queuePerShard, settings,
                    batch -> writeBatch(shard.id(), batch)));
        }
    }

    /**
     * Opens one pool per node and migrates every node's schema; completes when the store is usable.
     * The ring must name exactly the topology's shards.
     */
    public static Mono<ShardedContractStore> start(ShardTopology topology, ShardingStrategy ring,
                                                   StoreSettings settings, int queuePerShard,
                                                   MeterRegistry registry) {
        if (!ring.shards().containsAll(topology.shardIds()) || !topology.shardIds().containsAll(ring.shards())) {
            return Mono.error(new IllegalArgumentException("strategy " + ring.name() + " shards " + ring.shards()
                    + " differ from topology shards " + topology.shardIds()));
        }
        return Mono.fromCallable(() -> new ShardedContractStore(topology, ring, settings, queuePerShard, registry))
                .flatMap(store -> store.migrateAll().thenReturn(store)
                        .onErrorResume(e -> store.close().then(Mono.error(e))));
    }

    private Mono<Void> migrateAll() {
        SchemaMigrator migrator = new SchemaMigrator();
        return Flux.fromIterable(pools.values())
                .flatMap(pool -> migrator.migrate(pool.pool())
                        .onErrorMap(e -> new IllegalStateException(
                                "schema migration failed on node " + pool.address() + ": " + e.getMessage(), e)))
                .then();
    }

    /** The shard the ring names for {@code id}. */
    public String shardFor(String id) {
        return ring.shardFor(id);
    }

    public ShardTopology topology() {
        return topology;
    }

    /** The routing strategy in use. */
    public ShardingStrategy strategy() {
        return ring;
    }

    /**
     * The nodes to try, in order, for a read on {@code shardId}: the read preference first, then the
     * others as failover candidates.
     */
    public List<NodePool> readOrder(String shardId) {
        return topology.shard(shardId).nodes().stream().map(n -> pools.get(n.name())).toList();
    }

    /** The pool of one node, by name. */
    public NodePool pool(String nodeName) {
        NodePool pool = pools.get(nodeName);
        if (pool == null) {
            throw new IllegalArgumentException("unknown node '" + nodeName + "'");
        }
        return pool;
    }

    @Override
    public Flux<WriteAck> writeAll(Flux<ContractRecord> records) {
        return records
                .groupBy(r -> ring.shardFor(r.id()))
                .flatMap(byShard -> byShard
                        .bufferTimeout(settings.batchSize(), settings.batchWindow(), true)
                        .concatMap(batch -> writeBatch(byShard.key(), batch), 1),
                        Math.max(topology.shards().size(), 1));
    }

    /**
     * Writes one record through its shard's shared queue, batched with concurrent writers; fails fast with
     * {@link StoreOverloadedException} when that queue is full.
     */
    @Override
    public Mono<WriteAck> write(ContractRecord record) {
        return writeQueues.get(ring.shardFor(record.id())).write(record);
    }

    /** Writes waiting in the per-shard queues (in-flight work, for stats). */
    public int queuedWrites() {
        return writeQueues.values().stream().mapToInt(ShardWriteQueue::waiting).sum();
    }

    private Flux<WriteAck> writeBatch(String shardId, List<ContractRecord> batch) {
        Shard shard = topology.shard(shardId);
        Collection<ContractRecord> rows = UpsertStatement.newestPerId(batch);
        NodePool primary = pools.get(shard.primary().name());
        Timer.Sample sample = Timer.start();
        return Mono.usingWhen(primary.pool().create(), c -> UpsertStatement.execute(c, rows), Connection::close)
                .doOnSuccess(n -> {
                    sample.stop(writeTimers.get(shardId));
                    batchSizes.record(rows.size());
                    fanouts.get(shardId).forEach(f -> f.offer(rows));
                })
                .thenMany(Flux.fromIterable(batch))
                .map(r -> new WriteAck(r.id(), r.version(), shardId, shard.primary().name()));
    }

    @Override
    public Mono<String> findById(String id) {
        return findOnNode(topology.shard(ring.shardFor(id)).primary().name(), id);
    }

    /** Reads {@code id} from one named node (used to check copies); empty when that copy does not have it. */
    public Mono<String> findOnNode(String nodeName, String id) {
        NodePool pool = pools.get(nodeName);
        if (pool == null) {
            return Mono.error(new IllegalArgumentException("unknown node '" + nodeName + "'"));
        }
        return Mono.usingWhen(pool.pool().create(),
                c -> Mono.from(c.createStatement("SELECT document::text AS d FROM contracts WHERE id = $1")
                                .bind("$1", id).execute())
                        .flatMap(r -> Mono.from(r.map((row, meta) -> row.get("d", String.class)))),
                Connection::close);
    }

    /** The version a named node holds for {@code id}, or empty. */
    public Mono<Long> versionOnNode(String nodeName, String id) {
        NodePool pool = pools.get(nodeName);
        return Mono.usingWhen(pool.pool().create(),
                c -> Mono.from(c.createStatement("SELECT version FROM contracts WHERE id = $1").bind("$1", id).execute())
                        .flatMap(r -> Mono.from(r.map((row, meta) -> row.get("version", Long.class)))),
                Connection::close);
    }

    /** Whether each node answers {@code SELECT 1} within {@code timeout}, keyed by node name. */
    public Mono<Map<String, Boolean>> ping(Duration timeout) {
        return Flux.fromIterable(pools.values())
                .flatMapSequential(pool -> Mono.usingWhen(pool.pool().create(),
                                c -> Mono.from(c.createStatement("SELECT 1").execute())
                                        .flatMap(r -> Mono.from(r.getRowsUpdated())),
                                Connection::close)
                        .timeout(timeout)
                        .thenReturn(true)
                        .onErrorReturn(false)
                        .map(up -> Map.entry(pool.address().name(), up)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new);
    }

    /** Row count of every node, keyed by node name (scans; for tests, admin and bench). */
    public Mono<Map<String, Long>> countPerNode() {
        return Flux.fromIterable(pools.values())
                .flatMapSequential(pool -> Mono.usingWhen(pool.pool().create(),
                        c -> Mono.from(c.createStatement("SELECT count(*) AS n FROM contracts").execute())
                                .flatMap(r -> Mono.from(r.map((row, meta) -> row.get("n", Long.class)))),
                        Connection::close).map(n -> Map.entry(pool.address().name(), n)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new);
    }

    /** A point-in-time view of every node: role, address, pool use, replica queue and copy counts. */
    public List<NodeStats> stats() {
        List<NodeStats> out = new ArrayList<>();
        for (Shard shard : topology.shards()) {
            for (NodeAddress node : shard.nodes()) {
                NodePool pool = pools.get(node.name());
                ReplicaFanout fanout = fanouts.get(shard.id()).stream()
                        .filter(f -> f.replica() == pool).findFirst().orElse(null);
                out.add(new NodeStats(shard.id(), node == shard.primary() ? "primary" : "replica", node.name(),
                        node.host(), node.port(), node.database(), pool.acquired(), pool.maxSize(),
                        fanout == null ? 0 : fanout.pendingBatches(), fanout == null ? 0 : fanout.writtenRows(),
                        fanout == null ? 0 : fanout.failedRows(), fanout == null ? 0 : fanout.droppedRows()));
            }
        }
        return out;
    }

    /** Drains replica queues (bounded wait) and closes every pool. */
    public Mono<Void> close() {
        writeQueues.values().forEach(ShardWriteQueue::stop);
        return Flux.fromIterable(fanouts.values()).flatMapIterable(l -> l)
                .flatMap(f -> f.drainAndStop(Duration.ofSeconds(5)))
                .thenMany(Flux.fromIterable(pools.values()).flatMap(NodePool::close))
                .then();
    }
}
