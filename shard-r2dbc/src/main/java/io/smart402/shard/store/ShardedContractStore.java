package io.smart402.shard.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smart402.core.resilience.limit.ConcurrencyLimit;
import io.smart402.core.metrics.LatencyBuckets;
import io.smart402.core.resilience.SchedulerClock;
import io.smart402.core.resilience.circuitbreaker.Breakers;
import io.smart402.core.store.ContractRecord;
import io.smart402.core.store.ContractStore;
import io.smart402.core.store.WriteAck;
import io.smart402.shard.metrics.ShardMeters;
import io.smart402.shard.node.HealthMonitor;
import io.smart402.shard.node.Node;
import io.smart402.shard.node.NodeHealth;
import io.smart402.shard.node.NodePool;
import io.smart402.shard.replication.CopyFanout;
import io.smart402.shard.replication.OutboxReplayer;
import io.smart402.shard.replication.ReplicationSettings;
import io.smart402.shard.StoreFailures;
import io.smart402.shard.routing.ShardingStrategy;
import io.smart402.shard.schema.SchemaMigrator;
import io.smart402.shard.sql.Sql;
import io.smart402.shard.sql.UpsertStatement;
import io.smart402.shard.topology.NodeAddress;
import io.smart402.shard.topology.Shard;
import io.smart402.shard.topology.ShardTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The sharded PostgreSQL store. Each id is routed by the strategy to its shard. A batch is written to the
 * shard's primary — or, when the primary is down and write failover is on, to a healthy replica — in one
 * statement that also records, in that node's outbox, the copies still owed; the batch is acknowledged when
 * that statement commits. The owed copies are delivered at once by the fan-out, and whatever that misses is
 * delivered by the outbox replayer, so every copy converges to the newest version.
 */
public final class ShardedContractStore implements ContractStore {

    private final ShardTopology topology;
    private final ShardingStrategy strategy;
    private final StoreSettings settings;
    private final ReplicationSettings replication;
    private final int queuePerShard;
    /** Every node by name, in topology order. */
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    /** The immediate fan-out to each node, by name (replication owns it; a node does not know its copies). */
    private final Map<String, CopyFanout> copiesTo = new LinkedHashMap<>();
    private final Map<String, ShardWriteQueue> writeQueues = new LinkedHashMap<>();
    private final Map<String, Timer> writeTimers = new LinkedHashMap<>();
    private final Map<String, Timer> readTimers = new LinkedHashMap<>();
    private final DistributionSummary batchSizes;
    private final Counter failovers;
    private final AtomicLong failoverWrites = new AtomicLong();
    private final WriteTargets writeTargets = new WriteTargets();
    private final AtomicLong replicaRoundRobin = new AtomicLong();
    private final HealthMonitor monitor;
    private final OutboxReplayer replayer;

    private ShardedContractStore(ShardTopology topology, ShardingStrategy strategy, StoreSettings settings,
                                 ReplicationSettings replication, int queuePerShard,
                                 Function<String, ConcurrencyLimit> writeLimits, Breakers breakers,
                                 MeterRegistry registry) {
        this.topology = topology;
        this.strategy = strategy;
        this.settings = settings;
        this.replication = replication;
        this.queuePerShard = queuePerShard;
        for (Shard shard : topology.shards()) {
            for (NodeAddress address : shard.nodes()) {
                Node node = new Node(new NodePool(address, settings.poolInitialSize(), settings.poolMaxSize(),
                        settings.acquireTimeout()), new NodeHealth(address, settings.nodeTimeout(), breakers));
                nodes.put(address.name(), node);
                copiesTo.put(address.name(), new CopyFanout(node, settings.replicaQueueBatches(),
                        settings.replicaConcurrency(), registry));
            }
            writeTimers.put(shard.id(), ShardMeters.SHARD_WRITE.timer(LatencyBuckets.DATABASE)
                    .tag("shard", shard.id()).register(registry));
            readTimers.put(shard.id(), ShardMeters.SHARD_READ.timer(LatencyBuckets.DATABASE)
                    .tag("shard", shard.id()).register(registry));
            ShardWriteQueue queue = new ShardWriteQueue(shard.id(),
                    writeLimits.apply(shard.id()).bind(registry, "shard-writes-" + shard.id()), queuePerShard,
                    settings, batch -> writeBatch(shard.id(), batch));
            writeQueues.put(shard.id(), queue);
            ShardMeters.SHARD_WRITE_QUEUED.gauge(queue, ShardWriteQueue::waiting).tag("shard", shard.id())
                    .baseUnit("rows").register(registry);
        }
        this.batchSizes = ShardMeters.SHARD_BATCH_SIZE.summary().baseUnit("rows").register(registry);
        this.failovers = ShardMeters.SHARD_WRITE_FAILOVERS.counter().register(registry);
        // Health timestamps on Reactor's scheduler time: the store reads no system clock of its own.
        this.monitor = new HealthMonitor(nodes.values(), replication.healthInterval(), SchedulerClock.parallel(),
                registry);
        this.replayer = new OutboxReplayer(topology, nodes, replication);
    }

    /** Opens the store with the default replication settings and breakers of its own. */
    public static Mono<ShardedContractStore> start(ShardTopology topology, ShardingStrategy strategy,
                                                   StoreSettings settings, int queuePerShard,
                                                   MeterRegistry registry) {
        return start(topology, strategy, settings, ReplicationSettings.DEFAULTS, queuePerShard,
                new Breakers(registry), registry);
    }

    /**
     * Opens one pool per node, migrates every reachable node's schema (a node that is down is migrated by
     * the same idempotent migrations when it is next used after a restart of the server; at least every
     * primary must be up), then starts health checks and the outbox replayer.
     *
     * @param breakers the process's breaker registry: each node's breaker is made there, named after the node
     */
    public static Mono<ShardedContractStore> start(ShardTopology topology, ShardingStrategy strategy,
                                                   StoreSettings settings, ReplicationSettings replication,
                                                   int queuePerShard, Breakers breakers, MeterRegistry registry) {
        return start(topology, strategy, settings, replication, queuePerShard,
                shard -> ConcurrencyLimit.fixed(queuePerShard), breakers, registry);
    }

    /**
     * As above, with each shard's bound on outstanding writes made by {@code writeLimits} (given the shard id):
     * fixed, or adaptive to the shard's write latency. {@code queuePerShard} stays the hard cap of the queue.
     */
    public static Mono<ShardedContractStore> start(ShardTopology topology, ShardingStrategy strategy,
                                                   StoreSettings settings, ReplicationSettings replication,
                                                   int queuePerShard, Function<String, ConcurrencyLimit> writeLimits,
                                                   Breakers breakers, MeterRegistry registry) {
        if (!strategy.shards().containsAll(topology.shardIds()) || !topology.shardIds().containsAll(strategy.shards())) {
            return Mono.error(new IllegalArgumentException("strategy " + strategy.name() + " shards "
                    + strategy.shards() + " differ from topology shards " + topology.shardIds()));
        }
        return Mono.fromCallable(() -> new ShardedContractStore(topology, strategy, settings, replication,
                        queuePerShard, writeLimits, breakers, registry))
                .flatMap(store -> store.migrateAll()
                        .then(store.monitor.checkAll())
                        .then(Mono.fromRunnable(() -> {
                            store.monitor.start();
                            store.replayer.start();
                        }))
                        .thenReturn(store)
                        .onErrorResume(e -> store.close().then(Mono.error(e))));
    }

    /**
     * Migrates every node. A replica that cannot be reached is left for later (it is marked down and caught
     * up by the replayer once it returns, with the schema it already has); a primary must be reachable.
     */
    private Mono<Void> migrateAll() {
        SchemaMigrator migrator = new SchemaMigrator();
        List<String> primaries = topology.shards().stream().map(s -> s.primary().name()).toList();
        return Flux.fromIterable(nodes.values())
                .flatMap(node -> migrator.migrate(node.pool().pool())
                        .onErrorResume(e -> !primaries.contains(node.name())
                                        && StoreFailures.INSTANCE.isDependencyFailure(e),
                                e -> {
                                    node.health().suspect(e);
                                    return Mono.just(0);
                                })
                        .onErrorMap(e -> !(e instanceof IllegalStateException), e -> new IllegalStateException(
                                "schema migration failed on node " + node.address() + ": " + e.getMessage(), e)))
                .then();
    }

    /** The shard the strategy names for {@code id}. */
    public String shardFor(String id) {
        return strategy.shardFor(id);
    }

    public ShardTopology topology() {
        return topology;
    }

    /** The routing strategy in use. */
    public ShardingStrategy strategy() {
        return strategy;
    }

    public ReplicationSettings replication() {
        return replication;
    }

    /** One node, by name. */
    public Node node(String nodeName) {
        Node node = nodes.get(nodeName);
        if (node == null) {
            throw new IllegalArgumentException("unknown node '" + nodeName + "'");
        }
        return node;
    }

    /** Every node's pool, in topology order. */
    public List<NodePool> pools() {
        return nodes.values().stream().map(Node::pool).toList();
    }

    /** The pool of one node, by name. */
    public NodePool pool(String nodeName) {
        return node(nodeName).pool();
    }

    /** The health of one node, by name. */
    public NodeHealth health(String nodeName) {
        return node(nodeName).health();
    }

    /**
     * Writes a stream of records through the same per-shard queues as {@link #write} (so through the one
     * batching path), as many at once as a queue holds; one ack per record, in completion order.
     */
    public Flux<WriteAck> writeAll(Flux<ContractRecord> records) {
        return records.flatMap(this::write, Math.min(queuePerShard, settings.batchSize()));
    }

    /**
     * Writes one record through its shard's shared queue, batched with concurrent writers; fails fast with
     * {@link StoreOverloadedException} when that queue is full.
     */
    @Override
    public Mono<WriteAck> write(ContractRecord record) {
        return writeQueues.get(strategy.shardFor(record.id())).write(record);
    }

    /** Writes waiting in the per-shard queues (in-flight work, for stats). */
    public int queuedWrites() {
        return writeQueues.values().stream().mapToInt(ShardWriteQueue::waiting).sum();
    }

    private Flux<WriteAck> writeBatch(String shardId, List<ContractRecord> batch) {
        Shard shard = topology.shard(shardId);
        List<Node> candidates = writeCandidates(shard);
        Collection<ContractRecord> rows = UpsertStatement.newestPerId(batch);
        return tryWrite(shard, rows, candidates, 0, null)
                .flatMapMany(node -> Flux.fromIterable(batch)
                        .map(r -> new WriteAck(r.id(), r.version(), shardId, node.name())));
    }

    /**
     * Where a batch may go, in order: the primary; with replica failover, then the replicas; nodes believed
     * down come last rather than not at all, since "down" is a belief (a breaker that is really open refuses
     * fast) and a spurious 503 is worse than one more attempt.
     */
    private List<Node> writeCandidates(Shard shard) {
        List<NodeAddress> allowed = replication.writeFailover() == ReplicationSettings.WriteFailover.REPLICA
                ? shard.nodes() : List.of(shard.primary());
        return availableFirst(allowed);
    }

    private List<Node> availableFirst(List<NodeAddress> ordered) {
        List<Node> available = new ArrayList<>();
        List<Node> rest = new ArrayList<>();
        for (NodeAddress address : ordered) {
            Node node = nodes.get(address.name());
            (node.available() ? available : rest).add(node);
        }
        available.addAll(rest);
        return available;
    }

    private Mono<Node> tryWrite(Shard shard, Collection<ContractRecord> rows, List<Node> candidates, int index,
                                Throwable previous) {
        if (index >= candidates.size()) {
            return Mono.error(new ShardUnavailableException(shard.id(), "no node of shard " + shard.id()
                    + " took the write: " + (previous == null ? "none available" : previous.getMessage()), previous));
        }
        Node node = candidates.get(index);
        List<String> owed = shard.nodes().stream().map(NodeAddress::name).filter(n -> !n.equals(node.name())).toList();
        Timer.Sample sample = Timer.start();
        Mono<List<UpsertStatement.OutboxEntry>> write = owed.isEmpty()
                ? node.guarded(c -> UpsertStatement.execute(c, rows)).thenReturn(List.of())
                : node.guarded(c -> UpsertStatement.executeWithOutbox(c, rows, owed).collectList());
        return write
                .map(entries -> {
                    sample.stop(writeTimers.get(shard.id()));
                    batchSizes.record(rows.size());
                    if (!node.address().equals(shard.primary())) {
                        failovers.increment();
                        failoverWrites.addAndGet(rows.size());
                    }
                    writeTargets.wrote(shard, node.name());
                    fanOut(node, rows, entries);
                    return node;
                })
                .onErrorResume(StoreFailures.INSTANCE::isDependencyFailure,
                        e -> tryWrite(shard, rows, candidates, index + 1, e));
    }

    private void fanOut(Node source, Collection<ContractRecord> rows, List<UpsertStatement.OutboxEntry> entries) {
        Map<String, List<UpsertStatement.OutboxEntry>> byTarget = new LinkedHashMap<>();
        for (UpsertStatement.OutboxEntry e : entries) {
            byTarget.computeIfAbsent(e.targetNode(), k -> new ArrayList<>()).add(e);
        }
        Map<String, ContractRecord> byId = new LinkedHashMap<>();
        rows.forEach(r -> byId.put(r.id(), r));
        byTarget.forEach((target, owed) -> copiesTo.get(target).offer(new CopyFanout.Delivery(source,
                owed.stream().map(e -> byId.get(e.contractId())).toList(),
                owed.stream().map(UpsertStatement.OutboxEntry::seq).toArray(Long[]::new))));
    }

    /**
     * The nodes to try, in order, for a read on {@code shardId}: by read preference, available nodes first,
     * the others last as a final resort.
     */
    public List<Node> readOrder(String shardId) {
        Shard shard = topology.shard(shardId);
        List<NodeAddress> ordered = new ArrayList<>();
        switch (replication.readPreference()) {
            case PRIMARY -> {
                ordered.add(shard.primary());
                ordered.addAll(shard.replicas());
            }
            case REPLICA -> {
                List<NodeAddress> replicas = new ArrayList<>(shard.replicas());
                if (!replicas.isEmpty()) {
                    java.util.Collections.rotate(replicas, (int) (replicaRoundRobin.getAndIncrement() % replicas.size()));
                }
                ordered.addAll(replicas);
                ordered.add(shard.primary());
            }
            case NEAREST -> {
                ordered.addAll(shard.nodes());
                ordered.sort(Comparator.comparingLong(n -> nodes.get(n.name()).health().rttMicros()));
            }
        }
        return availableFirst(ordered);
    }

    /**
     * Runs a read on the shard's nodes in read-preference order, each under its node's breaker and deadline,
     * moving to the next node on a node failure. A read that gets an answer (empty included) is timed per shard.
     */
    public <T> Mono<T> readWithFailover(String shardId, Function<Node, Mono<T>> read) {
        List<Node> order = readOrder(shardId);
        Timer timer = readTimers.get(shardId);
        return Mono.defer(() -> {
            Timer.Sample sample = Timer.start();
            return readFrom(shardId, order, 0, read, null).doOnSuccess(answer -> sample.stop(timer));
        });
    }

    private <T> Mono<T> readFrom(String shardId, List<Node> order, int index, Function<Node, Mono<T>> read,
                                 Throwable previous) {
        if (index >= order.size()) {
            return Mono.error(new ShardUnavailableException(shardId, "no node of shard " + shardId
                    + " answered: " + (previous == null ? "" : previous.getMessage()), previous));
        }
        Node node = order.get(index);
        return node.health().guard(read.apply(node))
                .onErrorResume(StoreFailures.INSTANCE::isDependencyFailure,
                        e -> readFrom(shardId, order, index + 1, read, e));
    }

    @Override
    public Mono<String> findById(String id) {
        return readWithFailover(strategy.shardFor(id), node -> selectDocument(node, id));
    }

    /**
     * The {@code limit} most recently written contracts of one shard as (id, document), newest first, read
     * with failover like any read (cache warming).
     */
    public Flux<Map.Entry<String, String>> recentlyUpdated(String shardId, int limit) {
        return readWithFailover(shardId, node -> node.withConnection(c -> Flux.from(
                                c.createStatement(Sql.RECENTLY_UPDATED).bind("$1", limit).execute())
                        .flatMap(r -> r.map((row, meta) -> Map.entry(row.get("id", String.class),
                                row.get("document", String.class))))
                        .collectList()))
                .flatMapIterable(list -> list);
    }

    /** Reads {@code id} from one named node (used to check copies); empty when that copy does not have it. */
    public Mono<String> findOnNode(String nodeName, String id) {
        return selectDocument(node(nodeName), id);
    }

    private static Mono<String> selectDocument(Node node, String id) {
        return node.withConnection(c -> Mono.from(c.createStatement(Sql.DOCUMENT_BY_ID).bind("$1", id).execute())
                .flatMap(r -> Mono.from(r.map((row, meta) -> row.get("document", String.class)))));
    }

    /** The version a named node holds for {@code id}, or empty. */
    public Mono<Long> versionOnNode(String nodeName, String id) {
        return versionsOnNode(nodeName, List.of(id)).flatMap(m -> Mono.justOrEmpty(m.get(id)));
    }

    /** The versions a named node holds for {@code ids} (absent ids are missing from the map). */
    public Mono<Map<String, Long>> versionsOnNode(String nodeName, Collection<String> ids) {
        return node(nodeName).withConnection(c -> Flux.from(c.createStatement(Sql.VERSIONS_BY_IDS)
                                .bind("$1", ids.toArray(new String[0])).execute())
                        .flatMap(r -> r.map((row, meta) -> Map.entry(row.get("id", String.class),
                                row.get("version", Long.class))))
                        .collectMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Whether each node answers {@code SELECT 1} within {@code timeout}, keyed by node name. */
    public Mono<Map<String, Boolean>> ping(Duration timeout) {
        return Flux.fromIterable(nodes.values())
                .flatMapSequential(node -> node.withConnection(c -> Mono.from(c.createStatement(Sql.PING).execute())
                                .flatMap(r -> Mono.from(r.getRowsUpdated())))
                        .timeout(timeout)
                        .thenReturn(true)
                        .onErrorReturn(false)
                        .map(up -> Map.entry(node.name(), up)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new);
    }

    /** Row count of every node, keyed by node name (scans; for tests, admin and bench). */
    public Mono<Map<String, Long>> countPerNode() {
        return Flux.fromIterable(nodes.values())
                .flatMapSequential(node -> node.withConnection(c -> Mono.from(
                                c.createStatement(Sql.COUNT_CONTRACTS).execute())
                        .flatMap(r -> Mono.from(r.map((row, meta) -> row.get("n", Long.class)))))
                        .map(n -> Map.entry(node.name(), n)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new);
    }

    /** Rows delivered by the outbox replayer since start. */
    public long replayedRows() {
        return replayer.replayedRows();
    }

    /** Rows acknowledged by a replica because their primary was down, since start. */
    public long failoverWrites() {
        return failoverWrites.get();
    }

    /** A point-in-time view of every node: role, address, pool use, health, breaker, outbox lag, copies. */
    public List<NodeStats> stats() {
        List<NodeStats> out = new ArrayList<>();
        for (Shard shard : topology.shards()) {
            for (NodeAddress address : shard.nodes()) {
                Node node = nodes.get(address.name());
                NodeHealth h = node.health();
                CopyFanout copies = copiesTo.get(address.name());
                out.add(new NodeStats(shard.id(), address == shard.primary() ? "primary" : "replica", address.name(),
                        address.host(), address.port(), address.database(), node.pool().acquired(),
                        node.pool().maxSize(), h.up(), h.breaker().effectiveState().name(), h.rttMicros(), h.outboxDepth(),
                        h.outboxOldestAgeSeconds(), copies.pendingBatches(), copies.deliveredRows(),
                        copies.deferredRows()));
            }
        }
        return out;
    }

    /**
     * Stops background work, lets in-flight copies finish (bounded wait; what is not delivered stays owed in
     * the outboxes for the next start), and closes every pool.
     */
    public Mono<Void> close() {
        writeQueues.values().forEach(ShardWriteQueue::stop);
        monitor.stop();
        replayer.stop();
        return Flux.fromIterable(copiesTo.values())
                .flatMap(f -> {
                    f.stop();
                    return f.drained().timeout(Duration.ofSeconds(5), Mono.empty()).doFinally(s -> f.dispose());
                })
                .thenMany(Flux.fromIterable(nodes.values()).flatMap(node -> node.pool().close()))
                .then();
    }
}
