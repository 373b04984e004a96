package io.smart402.shard.repair;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Statement;
import io.smart402.core.store.ContractRecord;
import io.smart402.shard.IdOrder;
import io.smart402.shard.query.NodeIdOrder;
import io.smart402.shard.node.Node;
import io.smart402.shard.store.ShardedContractStore;
import io.smart402.shard.sql.ContractRows;
import io.smart402.shard.sql.Sql;
import io.smart402.shard.sql.UpsertStatement;
import io.smart402.shard.topology.NodeAddress;
import io.smart402.shard.topology.Shard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Anti-entropy: makes every copy of a shard hold the newest version of every row any copy holds.
 *
 * <p>Each shard is walked in chunks of ids, {@code (lo, hi]} in {@link IdOrder}. A chunk's upper bound is the
 * smallest of the copies' {@code chunkRows}-th id after {@code lo}, so no copy has more than {@code chunkRows} ids
 * in it. Every copy hashes its {@code (id, version)} pairs of the chunk in SQL; only when the hashes (or counts)
 * differ are the pairs themselves fetched and compared, and each missing or stale row is read from a copy holding
 * the newest version and written with the store's versioned upsert ({@link UpsertStatement}).
 *
 * <p>Memory is bounded by one chunk's pairs per copy plus {@value #FETCH_BATCH} documents. It runs online: the
 * upsert only ever replaces older versions, so racing with live writes, replica fan-out or another repair can
 * never go backwards, and a second run over quiet data repairs nothing. A copy that cannot be reached, or fails
 * mid-way, is reported and left out; the other copies of its shard are still compared and repaired.
 *
 * <p>Rows with the same version on two copies are the same write (versions come from the writers' hybrid
 * logical clock), so content is not compared; rows placed on the wrong shard are outside repair's reach.
 */
public final class Repairer {

    private static final Logger LOG = LoggerFactory.getLogger(Repairer.class);

    public static final int DEFAULT_CHUNK_ROWS = 1000;
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(30);

    /** Documents read (and written) per statement when copying rows. */
    static final int FETCH_BATCH = 128;

    private final ShardedContractStore store;
    private final int chunkRows;
    private final Duration queryTimeout;
    private final NodeIdOrder order = new NodeIdOrder();
    private final AtomicBoolean running = new AtomicBoolean();

    public Repairer(ShardedContractStore store, int chunkRows, Duration queryTimeout) {
        this.store = Objects.requireNonNull(store, "store");
        if (chunkRows < 2 || chunkRows > 100_000) {
            throw new IllegalArgumentException("repair chunk rows must be 2..100000, was " + chunkRows);
        }
        if (queryTimeout.isNegative() || queryTimeout.isZero()) {
            throw new IllegalArgumentException("repair query timeout must be positive, was " + queryTimeout);
        }
        this.chunkRows = chunkRows;
        this.queryTimeout = queryTimeout;
    }

    /** Repairs every shard, one after the other. */
    public Mono<RepairReport> repairAll() {
        return repair(store.topology().shardIds());
    }

    /**
     * Repairs the named shards, one after the other; fails with {@link IllegalArgumentException} for an unknown
     * shard and with {@link RepairInProgressException} while another run of this repairer is going on.
     */
    public Mono<RepairReport> repair(List<String> shardIds) {
        return Mono.defer(() -> {
            List<Shard> shards = shardIds.stream().map(id -> store.topology().shard(id)).toList();
            if (!running.compareAndSet(false, true)) {
                return Mono.error(new RepairInProgressException());
            }
            long start = System.nanoTime();
            LOG.info("repair started: shards {}", shardIds);
            return Flux.fromIterable(shards)
                    .concatMap(this::repairShard)
                    .collectList()
                    .map(reports -> new RepairReport(reports, Duration.ofNanos(System.nanoTime() - start)))
                    .doOnNext(report -> LOG.info("repair finished in {} ms: {} rows checked, {} repaired, "
                                    + "{} of {} chunks mismatched, {}", report.duration().toMillis(),
                            report.rowsChecked(), report.rowsRepaired(), report.chunksMismatched(),
                            report.chunksCompared(), report.complete() ? "every copy reached" : "some copy unreachable"))
                    .doOnError(e -> LOG.warn("repair of shards {} failed: {}", shardIds, e.toString()))
                    // Cleared before the report reaches the caller (so a caller that got it may start the next
                    // run at once); doFinally covers cancellation.
                    .doOnEach(signal -> {
                        if (signal.isOnNext() || signal.isOnError()) {
                            running.set(false);
                        }
                    })
                    .doFinally(signal -> running.set(false));
        });
    }

    /** Whether a run is going on. */
    public boolean running() {
        return running.get();
    }

    /** One copy of the shard under repair; mutated only by the run's sequential steps or its own query. */
    private static final class Copy {
        final Node node;
        final String role;
        String idExpr;
        String error;
        long checked;
        long missing;
        long stale;
        long repaired;

        Copy(Node node, String role) {
            this.node = node;
            this.role = role;
        }

        String name() {
            return node.name();
        }

        boolean live() {
            return error == null;
        }

        void fail(Throwable e) {
            if (error == null) {
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
    }

    /** The state of one shard's run. */
    private static final class Run {
        final String shard;
        final List<Copy> copies;
        long chunksCompared;
        long chunksMismatched;

        Run(String shard, List<Copy> copies) {
            this.shard = shard;
            this.copies = copies;
        }

        List<Copy> live() {
            return copies.stream().filter(Copy::live).toList();
        }

        RepairReport.ShardReport report() {
            List<RepairReport.NodeReport> nodes = copies.stream()
                    .map(c -> new RepairReport.NodeReport(c.name(), c.role, c.live(), c.checked, c.missing, c.stale,
                            c.repaired, c.error == null ? "" : c.error))
                    .toList();
            long reachable = copies.stream().filter(Copy::live).count();
            String note = "";
            if (copies.size() < 2) {
                note = "a single copy: nothing to compare";
            } else if (reachable < copies.size()) {
                note = reachable + " of " + copies.size() + " copies reachable to the end"
                        + (reachable < 2 ? ": the shard could not be compared to the end" : "");
            }
            return new RepairReport.ShardReport(shard, nodes, chunksCompared, chunksMismatched,
                    reachable == copies.size(), note);
        }
    }

    /** A chunk's exclusive lower bound; {@code null} = from the first id. */
    private record Bound(String lo) {
    }

    private record Digest(long count, String hash) {
    }

    private Mono<RepairReport.ShardReport> repairShard(Shard shard) {
        List<Copy> copies = new ArrayList<>();
        for (NodeAddress node : shard.nodes()) {
            copies.add(new Copy(store.node(node.name()), node == shard.primary() ? "primary" : "replica"));
        }
        Run run = new Run(shard.id(), copies);
        if (copies.size() < 2) {
            return Mono.fromCallable(run::report);
        }
        return perCopy(copies, c -> order.idExpression(c.node))
                .doOnNext(exprs -> exprs.forEach((c, e) -> c.idExpr = e))
                .then(Mono.defer(() -> Mono.just(new Bound(null)).expand(b -> chunk(run, b.lo())).then()))
                .then(Mono.fromCallable(run::report));
    }

    /** Compares (and if needed repairs) the chunk after {@code lo}; emits the next chunk's bound, or nothing at the end. */
    private Mono<Bound> chunk(Run run, String lo) {
        List<Copy> live = run.live();
        if (live.size() < 2) {
            return Mono.empty();
        }
        return perCopy(live, c -> boundary(c, lo)).flatMap(bounds -> {
            List<Copy> copies = List.copyOf(bounds.keySet());
            if (copies.size() < 2) {
                return Mono.empty();
            }
            String hi = bounds.values().stream().flatMap(Optional::stream).min(IdOrder.COMPARATOR).orElse(null);
            return perCopy(copies, c -> digest(c, lo, hi)).flatMap(digests -> {
                if (digests.size() < 2) {
                    return Mono.empty();
                }
                run.chunksCompared++;
                digests.forEach((c, d) -> c.checked += d.count());
                Mono<Bound> next = hi == null ? Mono.empty() : Mono.just(new Bound(hi));
                if (digests.values().stream().distinct().count() == 1) {
                    return next;
                }
                run.chunksMismatched++;
                return reconcile(List.copyOf(digests.keySet()), lo, hi).then(next);
            });
        });
    }

    /** Fetches the chunk's (id, version) pairs from every copy and brings each copy up to the newest. */
    private Mono<Void> reconcile(List<Copy> copies, String lo, String hi) {
        return perCopy(copies, c -> versions(c, lo, hi)).flatMap(versions -> {
            Map<String, Long> newest = new HashMap<>();
            Map<String, Copy> holder = new HashMap<>();
            versions.forEach((copy, rows) -> rows.forEach((id, v) -> {
                Long best = newest.get(id);
                if (best == null || v > best) {
                    newest.put(id, v);
                    holder.put(id, copy);
                }
            }));
            // source copy -> target copy -> ids the target needs from it
            Map<Copy, Map<Copy, Set<String>>> plan = new LinkedHashMap<>();
            versions.forEach((target, rows) -> newest.forEach((id, v) -> {
                Long have = rows.get(id);
                if (have == null || have < v) {
                    if (have == null) {
                        target.missing++;
                    } else {
                        target.stale++;
                    }
                    plan.computeIfAbsent(holder.get(id), s -> new LinkedHashMap<>())
                            .computeIfAbsent(target, t -> new LinkedHashSet<>()).add(id);
                }
            }));
            return Flux.fromIterable(plan.entrySet())
                    .concatMap(e -> copyRows(e.getKey(), e.getValue()))
                    .then();
        });
    }

    /** Reads the rows {@code needs} names from {@code source} in batches and upserts each onto its targets. */
    private Mono<Void> copyRows(Copy source, Map<Copy, Set<String>> needs) {
        Set<String> all = new LinkedHashSet<>();
        needs.values().forEach(all::addAll);
        return Flux.fromIterable(all)
                .buffer(FETCH_BATCH)
                .concatMap(ids -> fetch(source, ids)
                        .flatMapMany(rows -> Flux.fromIterable(needs.entrySet())
                                .filter(e -> e.getKey().live())
                                .concatMap(e -> {
                                    List<ContractRecord> wanted = rows.stream()
                                            .filter(r -> e.getValue().contains(r.id())).toList();
                                    return wanted.isEmpty() ? Mono.empty() : upsert(e.getKey(), wanted);
                                })), 1)
                .then();
    }

    private Mono<List<ContractRecord>> fetch(Copy source, List<String> ids) {
        return query(source, c -> Flux.from(c.createStatement(Sql.RECORDS_BY_IDS).bind("$1", ids.toArray(String[]::new))
                        .execute())
                .flatMap(r -> r.map((row, meta) -> ContractRows.record(row)))
                .collectList())
                .onErrorResume(e -> {
                    source.fail(e);
                    return Mono.empty();
                });
    }

    private Mono<Void> upsert(Copy target, List<ContractRecord> rows) {
        return query(target, c -> UpsertStatement.execute(c, rows))
                .doOnNext(n -> target.repaired += n)
                .onErrorResume(e -> {
                    target.fail(e);
                    return Mono.empty();
                })
                .then();
    }

    /** The copy's {@code chunkRows}-th id after {@code lo}, or empty when it has fewer ids left. */
    private Mono<Optional<String>> boundary(Copy c, String lo) {
        String sql = Sql.nthIdAfter(c.idExpr, lo, chunkRows);
        return query(c, conn -> Flux.from(bind(conn.createStatement(sql), lo, null).execute())
                .flatMap(r -> r.map((row, meta) -> row.get("id", String.class)))
                .next()
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty()));
    }

    private Mono<Digest> digest(Copy c, String lo, String hi) {
        String sql = Sql.digestOfRange(c.idExpr, lo, hi);
        return query(c, conn -> Flux.from(bind(conn.createStatement(sql), lo, hi).execute())
                .flatMap(r -> r.map((row, meta) -> new Digest(row.get("n", Long.class), row.get("h", String.class))))
                .single());
    }

    private Mono<Map<String, Long>> versions(Copy c, String lo, String hi) {
        String sql = Sql.versionsInRange(c.idExpr, lo, hi);
        return query(c, conn -> Flux.from(bind(conn.createStatement(sql), lo, hi).execute())
                .flatMap(r -> r.map((row, meta) -> Map.entry(row.get("id", String.class),
                        row.get("version", Long.class))))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new));
    }

    private static Statement bind(Statement statement, String lo, String hi) {
        int index = 1;
        if (lo != null) {
            statement.bind("$" + index++, lo);
        }
        if (hi != null) {
            statement.bind("$" + index, hi);
        }
        return statement;
    }

    private <T> Mono<T> query(Copy c, Function<Connection, Mono<T>> work) {
        return c.node.withConnection(work).timeout(queryTimeout);
    }

    /**
     * Runs {@code f} on every copy at once; emits the results of the copies that answered, in copy order, and
     * marks the others failed.
     */
    private <T> Mono<Map<Copy, T>> perCopy(List<Copy> copies, Function<Copy, Mono<T>> f) {
        return Flux.fromIterable(copies)
                .flatMapSequential(c -> f.apply(c).timeout(queryTimeout)
                        .map(v -> Optional.of(Map.entry(c, v)))
                        .onErrorResume(e -> {
                            c.fail(e);
                            return Mono.just(Optional.empty());
                        }))
                .flatMap(Mono::justOrEmpty)
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new);
    }
}
