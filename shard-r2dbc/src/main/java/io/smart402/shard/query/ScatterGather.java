package io.smart402.shard.query;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Statement;
import io.smart402.shard.IdOrder;
import io.smart402.shard.store.ShardUnavailableException;
import io.smart402.shard.store.ShardedContractStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Lists contracts across every shard in id order: each shard is asked (at most {@code fanOut} at once) for its
 * first {@code limit + 1} matching rows after the cursor, ordered by id, from the first of its
 * {@link ShardedContractStore#readOrder read-order} nodes that answers
 * ({@link ShardedContractStore#readWithFailover}); the ordered lists are merged k-way and the
 * first {@code limit} rows make the page. Ids are the cursor, so pages stay stable under concurrent inserts: a row
 * inserted behind the cursor is simply not on later pages, and nothing is skipped or repeated.
 *
 * <p>A shard none of whose nodes answers is left out and named in {@link Page#unavailableShards()} — a result is
 * partial only explicitly. Memory per query is bounded by {@code shards × (limit + 1)} rows.
 */
public final class ScatterGather {

    /**
     * One listing request.
     *
     * @param type   stored (canonical) type to match, or null for any
     * @param status status to match, or null for any
     * @param after  only ids after this one (the cursor), or null from the first id
     * @param limit  page size, at least 1
     */
    public record Query(String type, String status, String after, int limit) {

        public Query {
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be >= 1, was " + limit);
            }
        }
    }

    /** One listed contract: its id, the shard it came from and its stored document text. */
    public record Item(String id, String shard, String document) {
    }

    /**
     * One page.
     *
     * @param items             at most {@code limit} items in id order
     * @param nextAfter         the id to continue after when more rows exist, else null
     * @param unavailableShards shards that could not be queried (empty unless the page is partial)
     */
    public record Page(List<Item> items, String nextAfter, List<String> unavailableShards) {

        public Page {
            items = List.copyOf(items);
            unavailableShards = List.copyOf(unavailableShards);
        }

        public boolean partial() {
            return !unavailableShards.isEmpty();
        }
    }

    private record ShardRows(String shard, List<Item> rows, String error) {
    }

    private static final Comparator<Item> BY_ID = Comparator.comparing(Item::id, IdOrder.COMPARATOR);

    private final ShardedContractStore store;
    private final int fanOut;
    private final Duration nodeTimeout;
    private final NodeIdOrder order = new NodeIdOrder();

    /**
     * @param fanOut      shards queried at once
     * @param nodeTimeout longest wait for one node's answer before failing over to the shard's next node
     */
    public ScatterGather(ShardedContractStore store, int fanOut, Duration nodeTimeout) {
        this.store = Objects.requireNonNull(store, "store");
        if (fanOut < 1) {
            throw new IllegalArgumentException("fan-out must be >= 1, was " + fanOut);
        }
        if (nodeTimeout.isNegative() || nodeTimeout.isZero()) {
            throw new IllegalArgumentException("node timeout must be positive, was " + nodeTimeout);
        }
        this.fanOut = fanOut;
        this.nodeTimeout = nodeTimeout;
    }

    /** Shards a query asks. */
    public int shardCount() {
        return store.topology().shards().size();
    }

    /** One page of {@code query}; never fails for an unreachable shard (see {@link Page#unavailableShards()}). */
    public Mono<Page> list(Query query) {
        return Flux.fromIterable(store.topology().shardIds())
                .flatMap(shard -> fromShard(shard, query), fanOut)
                .collectList()
                .flatMap(results -> {
                    // Topology order for the unavailable list, whatever order the shards answered in.
                    Map<String, ShardRows> byShard = new TreeMap<>(Comparator.comparingInt(
                            store.topology().shardIds()::indexOf));
                    results.forEach(r -> byShard.put(r.shard(), r));
                    List<String> unavailable = new ArrayList<>();
                    List<Flux<Item>> streams = new ArrayList<>();
                    byShard.values().forEach(r -> {
                        if (r.error() != null) {
                            unavailable.add(r.shard());
                        } else {
                            streams.add(Flux.fromIterable(r.rows()));
                        }
                    });
                    @SuppressWarnings("unchecked")
                    Flux<Item>[] sources = streams.toArray(Flux[]::new);
                    return Flux.mergeComparing(BY_ID, sources)
                            // A row on two shards (placed before a strategy change) is listed once.
                            .distinctUntilChanged(Item::id)
                            .take(query.limit() + 1L)
                            .collectList()
                            .map(merged -> {
                                boolean more = merged.size() > query.limit();
                                List<Item> page = more ? merged.subList(0, query.limit()) : merged;
                                return new Page(page, more ? page.get(page.size() - 1).id() : null, unavailable);
                            });
                });
    }

    private Mono<ShardRows> fromShard(String shard, Query query) {
        // The store walks the shard's read order (read preference, healthy nodes first) and moves on to the next
        // node on a node failure, a timeout included; it fails with ShardUnavailableException after the last one.
        return store.readWithFailover(shard, node -> order.idExpression(node)
                        .flatMap(expr -> Mono.usingWhen(node.pool().create(),
                                c -> select(c, expr, shard, query), Connection::close))
                        .timeout(nodeTimeout))
                .map(rows -> new ShardRows(shard, rows, null))
                .onErrorResume(ShardUnavailableException.class,
                        e -> Mono.just(new ShardRows(shard, List.of(), String.valueOf(e.getMessage()))));
    }

    private static Mono<List<Item>> select(Connection c, String expr, String shard, Query query) {
        StringBuilder sql = new StringBuilder("SELECT id, document::text AS document FROM contracts");
        List<Object> params = new ArrayList<>();
        String glue = " WHERE ";
        if (query.type() != null) {
            params.add(query.type());
            sql.append(glue).append("type = $").append(params.size());
            glue = " AND ";
        }
        if (query.status() != null) {
            params.add(query.status());
            sql.append(glue).append("status = $").append(params.size());
            glue = " AND ";
        }
        if (query.after() != null) {
            params.add(query.after());
            sql.append(glue).append(expr).append(" > $").append(params.size());
        }
        params.add(query.limit() + 1);
        sql.append(" ORDER BY ").append(expr).append(" LIMIT $").append(params.size());
        Statement statement = c.createStatement(sql.toString());
        for (int i = 0; i < params.size(); i++) {
            statement.bind("$" + (i + 1), params.get(i));
        }
        return Flux.from(statement.execute())
                .flatMap(r -> r.map((row, meta) -> new Item(row.get("id", String.class), shard,
                        row.get("document", String.class))))
                .collectList();
    }
}
