package io.smart402.shard.query;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Statement;
import io.smart402.shard.IdOrder;
import io.smart402.shard.StoreFailures;
import io.smart402.shard.node.Node;
import io.smart402.shard.sql.Sql;
import io.smart402.shard.store.ShardUnavailableException;
import io.smart402.shard.store.ShardedContractStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Lists contracts across every shard in id order, in two phases. First every shard is asked (at most
 * {@code fanOut} at once) for the ids of its first {@code limit + 1} matching rows after the cursor, ordered by
 * id, from the first of its {@link ShardedContractStore#readOrder read-order} nodes that answers
 * ({@link ShardedContractStore#readWithFailover}); the ordered id lists are merged k-way and the first
 * {@code limit} make the page. Then each shard's documents for exactly those ids are read, from the node that
 * listed them first. So a page reads {@code limit} documents however many shards there are, and memory is bounded
 * by {@code shards × (limit + 1)} ids plus one page of documents.
 *
 * <p>Ids are the cursor, so pages stay stable under concurrent inserts: a row inserted behind the cursor is
 * simply not on later pages, and nothing is skipped or repeated. A shard none of whose nodes answers — or whose
 * listed rows could not all be read back — is named in {@link Page#unavailableShards()}: a result is partial
 * only explicitly.
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
     * @param unavailableShards shards that could not be read (empty unless the page is partial)
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

    /** One shard's answer to the first phase: the node that answered and its ids, or why none did. */
    private record ShardIds(String shard, Node node, List<String> ids, String error) {
    }

    /** A listed id and its shard. */
    private record Listed(String id, String shard) {
    }

    private static final Comparator<Listed> BY_ID = Comparator.comparing(Listed::id, IdOrder.COMPARATOR);

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
        List<String> shardIds = store.topology().shardIds();
        return Flux.fromIterable(shardIds)
                .flatMap(shard -> ids(shard, query), fanOut)
                .collectMap(ShardIds::shard)
                .flatMap(answers -> {
                    List<Flux<Listed>> streams = new ArrayList<>();
                    for (String shard : shardIds) {
                        ShardIds answer = answers.get(shard);
                        if (answer.error() == null) {
                            streams.add(Flux.fromIterable(answer.ids()).map(id -> new Listed(id, shard)));
                        }
                    }
                    @SuppressWarnings("unchecked")
                    Flux<Listed>[] sources = streams.toArray(Flux[]::new);
                    return Flux.mergeComparing(BY_ID, sources)
                            // A row on two shards (placed before a strategy change) is listed once.
                            .distinctUntilChanged(Listed::id)
                            .take(query.limit() + 1L)
                            .collectList()
                            .flatMap(merged -> page(merged, query.limit(), answers, shardIds));
                });
    }

    /** Reads the documents of the first {@code limit} merged ids and assembles the page. */
    private Mono<Page> page(List<Listed> merged, int limit, Map<String, ShardIds> answers, List<String> shardIds) {
        boolean more = merged.size() > limit;
        List<Listed> listed = more ? merged.subList(0, limit) : merged;
        Map<String, List<String>> idsByShard = new LinkedHashMap<>();
        listed.forEach(l -> idsByShard.computeIfAbsent(l.shard(), s -> new ArrayList<>()).add(l.id()));
        return Flux.fromIterable(idsByShard.entrySet())
                .flatMap(e -> documents(answers.get(e.getKey()), e.getValue()), fanOut)
                .collectList()
                .map(found -> {
                    Map<String, String> documents = new HashMap<>();
                    Set<String> unavailable = new HashSet<>();
                    answers.values().stream().filter(a -> a.error() != null).forEach(a -> unavailable.add(a.shard()));
                    for (Map.Entry<String, Map<String, String>> shardDocs : found) {
                        documents.putAll(shardDocs.getValue());
                        if (shardDocs.getValue().size() < idsByShard.get(shardDocs.getKey()).size()) {
                            unavailable.add(shardDocs.getKey());
                        }
                    }
                    List<Item> items = new ArrayList<>(listed.size());
                    for (Listed l : listed) {
                        String document = documents.get(l.id());
                        if (document != null) {
                            items.add(new Item(l.id(), l.shard(), document));
                        }
                    }
                    List<String> missing = shardIds.stream().filter(unavailable::contains).toList();
                    return new Page(items, more ? listed.get(listed.size() - 1).id() : null, missing);
                });
    }

    private Mono<ShardIds> ids(String shard, Query query) {
        // The store walks the shard's read order (read preference, healthy nodes first) and moves on to the next
        // node on a node failure, a timeout included; it fails with ShardUnavailableException after the last one.
        return store.readWithFailover(shard, node -> order.idExpression(node)
                        .flatMap(expr -> node.withConnection(c -> selectIds(c, expr, query)))
                        .timeout(nodeTimeout)
                        .map(ids -> new ShardIds(shard, node, ids, null)))
                .onErrorResume(ShardUnavailableException.class,
                        e -> Mono.just(new ShardIds(shard, null, List.of(), String.valueOf(e.getMessage()))));
    }

    /**
     * The documents of {@code ids}, keyed by id: from the node that listed them (so a lagging copy cannot miss
     * them), else from the shard's other nodes. Emits fewer than asked for when no node could supply them all.
     */
    private Mono<Map.Entry<String, Map<String, String>>> documents(ShardIds listed, List<String> ids) {
        String shard = listed.shard();
        Function<Node, Mono<Map<String, String>>> read = node -> node.withConnection(
                        c -> Flux.from(c.createStatement(Sql.DOCUMENTS_BY_IDS).bind("$1", ids.toArray(String[]::new))
                                        .execute())
                                .flatMap(r -> r.map((row, meta) -> Map.entry(row.get("id", String.class),
                                        row.get("document", String.class))))
                                .collectMap(Map.Entry::getKey, Map.Entry::getValue))
                .timeout(nodeTimeout);
        return listed.node().health().guard(read.apply(listed.node()))
                .onErrorResume(StoreFailures.INSTANCE::isDependencyFailure, e -> store.readWithFailover(shard, read))
                .onErrorResume(ShardUnavailableException.class, e -> Mono.just(Map.of()))
                .map(documents -> Map.entry(shard, documents));
    }

    private static Mono<List<String>> selectIds(Connection c, String expr, Query query) {
        List<Object> params = new ArrayList<>();
        if (query.type() != null) {
            params.add(query.type());
        }
        if (query.status() != null) {
            params.add(query.status());
        }
        if (query.after() != null) {
            params.add(query.after());
        }
        params.add(query.limit() + 1);
        String sql = Sql.listIds(expr, query.type() != null, query.status() != null, query.after() != null);
        Statement statement = c.createStatement(sql);
        for (int i = 0; i < params.size(); i++) {
            statement.bind("$" + (i + 1), params.get(i));
        }
        return Flux.from(statement.execute())
                .flatMap(r -> r.map((row, meta) -> row.get("id", String.class)))
                .collectList();
    }
}
