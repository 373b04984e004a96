package io.smart402.shard.deadletter;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Row;
import io.smart402.core.resilience.deadletter.DeadLetter;
import io.smart402.core.resilience.deadletter.DeadLetterPage;
import io.smart402.core.resilience.deadletter.DeadLetterStore;
import io.smart402.shard.sql.Connections;
import io.smart402.shard.sql.Sql;
import io.smart402.shard.topology.NodeAddress;
import io.smart402.shard.topology.Shard;
import io.smart402.shard.topology.ShardTopology;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Dead letters on the shard fleet (table {@code dead_letters}, migration V3). A letter is written to the
 * first node that accepts it — primaries in topology order, then replicas — so it lands on a healthy node
 * even when the shard whose write failed is down. Reads and deletes visit every node. It keeps its own
 * small pool per node (at most two connections), so a store whose pools are exhausted by the failing
 * writes can still take the letters.
 */
public final class R2dbcDeadLetterStore implements DeadLetterStore {

    private final Map<String, ConnectionPool> pools = new LinkedHashMap<>();
    private final Duration nodeTimeout;

    /** @param nodeTimeout how long one node may take to answer before the next one is tried */
    public R2dbcDeadLetterStore(ShardTopology topology, Duration nodeTimeout) {
        this.nodeTimeout = Objects.requireNonNull(nodeTimeout, "nodeTimeout");
        List<NodeAddress> order = new ArrayList<>();
        topology.shards().stream().map(Shard::primary).forEach(order::add);
        for (Shard shard : topology.shards()) {
            shard.nodes().stream().filter(n -> n != shard.primary()).forEach(order::add);
        }
        for (NodeAddress node : order) {
            pools.put(node.name(), pool(node, nodeTimeout));
        }
    }

    private static ConnectionPool pool(NodeAddress node, Duration timeout) {
        PostgresqlConnectionConfiguration.Builder config = PostgresqlConnectionConfiguration.builder()
                .host(node.host()).port(node.port()).database(node.database()).username(node.user())
                .applicationName("smart402-dead-letters").connectTimeout(timeout);
        if (!node.password().isEmpty()) {
            config.password(node.password());
        }
        return new ConnectionPool(ConnectionPoolConfiguration.builder(new PostgresqlConnectionFactory(config.build()))
                .name(node.name() + "-dead-letters").initialSize(0).maxSize(2).maxAcquireTime(timeout)
                .maxIdleTime(Duration.ofMinutes(5)).build());
    }

    @Override
    public Mono<DeadLetter> save(DeadLetter letter) {
        return Flux.fromIterable(pools.entrySet())
                .concatMap(node -> on(node.getValue(), c -> Mono.from(c.createStatement(Sql.DEAD_LETTER_INSERT)
                                .bind("$1", letter.id()).bind("$2", letter.key()).bind("$3", letter.payload())
                                .bind("$4", letter.error()).bind("$5", letter.attempts())
                                .bind("$6", time(letter.firstFailedAt())).bind("$7", time(letter.lastFailedAt()))
                                .execute()).flatMap(r -> Mono.from(r.getRowsUpdated())))
                        .thenReturn(letter)
                        .onErrorResume(e -> Mono.empty()), 1)
                .next()
                .switchIfEmpty(Mono.error(() -> new IllegalStateException(
                        "no node accepted dead letter " + letter.id() + " (tried " + pools.keySet() + ")")));
    }

    @Override
    public Mono<DeadLetterPage> list(String after, int limit) {
        if (limit < 1) {
            return Mono.error(new IllegalArgumentException("limit must be at least 1, was " + limit));
        }
        List<String> unreachable = new ArrayList<>();
        return Flux.fromIterable(pools.entrySet())
                .flatMap(node -> on(node.getValue(), c -> Flux.from(c.createStatement(Sql.DEAD_LETTERS_AFTER)
                                .bind("$1", after == null ? "" : after).bind("$2", limit).execute())
                                .flatMap(r -> r.map((row, meta) -> letter(row))).collectList())
                        .onErrorResume(e -> {
                            synchronized (unreachable) {
                                unreachable.add(node.getKey());
                            }
                            return Mono.just(List.of());
                        }))
                .flatMapIterable(l -> l)
                .sort(Comparator.comparing(DeadLetter::id))
                .take(limit)
                .collectList()
                .map(letters -> {
                    synchronized (unreachable) {
                        return new DeadLetterPage(letters, unreachable.stream().sorted().toList());
                    }
                });
    }

    @Override
    public Mono<DeadLetter> find(String id) {
        return everyNode(c -> Flux.from(c.createStatement(Sql.DEAD_LETTER_BY_ID)
                        .bind("$1", id).execute()).flatMap(r -> r.map((row, meta) -> letter(row))).next())
                .next();
    }

    @Override
    public Mono<Void> update(DeadLetter letter) {
        return everyNode(c -> Mono.from(c.createStatement(Sql.DEAD_LETTER_UPDATE)
                        .bind("$1", letter.id()).bind("$2", letter.error()).bind("$3", letter.attempts())
                        .bind("$4", time(letter.lastFailedAt())).execute()).flatMap(r -> Mono.from(r.getRowsUpdated())))
                .then();
    }

    @Override
    public Mono<Boolean> delete(String id) {
        return everyNode(c -> Mono.from(c.createStatement(Sql.DEAD_LETTER_DELETE).bind("$1", id)
                        .execute()).flatMap(r -> Mono.from(r.getRowsUpdated())))
                .reduce(0L, Long::sum)
                .map(n -> n > 0);
    }

    @Override
    public Mono<Long> count() {
        return everyNode(c -> Mono.from(c.createStatement(Sql.DEAD_LETTER_COUNT).execute())
                        .flatMap(r -> Mono.from(r.map((row, meta) -> row.get("n", Long.class)))))
                .reduce(0L, Long::sum);
    }

    /** Closes the pools. */
    public Mono<Void> close() {
        return Flux.fromIterable(pools.values()).flatMap(ConnectionPool::disposeLater).then();
    }

    /** Runs {@code work} on every reachable node at once; nodes that fail are skipped. */
    private <T> Flux<T> everyNode(Function<Connection, Mono<T>> work) {
        return Flux.fromIterable(pools.values()).flatMap(pool -> on(pool, work).onErrorResume(e -> Mono.empty()));
    }

    private <T> Mono<T> on(ConnectionPool pool, Function<Connection, Mono<T>> work) {
        return Connections.with(pool, work).timeout(nodeTimeout);
    }

    private static OffsetDateTime time(java.time.Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    private static DeadLetter letter(Row row) {
        return new DeadLetter(row.get("id", String.class), row.get("key", String.class),
                row.get("payload", String.class), row.get("error", String.class),
                row.get("attempts", Integer.class), row.get("first_failed_at", OffsetDateTime.class).toInstant(),
                row.get("last_failed_at", OffsetDateTime.class).toInstant());
    }
}
