package io.smart402.shard.feed;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Statement;
import io.smart402.shard.node.Node;
import io.smart402.shard.sql.Sql;
import io.smart402.shard.store.ShardedContractStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads a shard's change history, in commit order, from the shard's primary. Positions are transaction ids of
 * that one node, so the history is the primary's: a write a replica acknowledged while the primary was down
 * enters it when the outbox replayer copies it back (then with the primary's transaction id, after everything
 * the feed has already passed), and a read while the primary is down fails rather than read another node's
 * different numbering. Every read runs under the node's breaker and deadline.
 */
public final class ChangeReader {

    /** What to read: filters (null for any) and whether to carry documents. */
    public record Filter(String type, String status, boolean documents) {
    }

    private final ShardedContractStore store;

    public ChangeReader(ShardedContractStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The shards, in topology order. */
    public List<String> shards() {
        return store.topology().shardIds();
    }

    /** Up to {@code limit} changes of {@code shard} after {@code after} that match {@code filter}. */
    public Mono<ChangePage> read(String shard, FeedPosition after, Filter filter, int limit) {
        if (limit < 1) {
            return Mono.error(new IllegalArgumentException("limit must be >= 1, was " + limit));
        }
        return primary(shard).guarded(c -> select(c, shard, after, filter, limit));
    }

    /** The position of "now" on {@code shard}: every change committed from here on lies after it. */
    public Mono<FeedPosition> now(String shard) {
        return primary(shard).guarded(c -> Mono.from(c.createStatement(Sql.CHANGES_HORIZON).execute())
                .flatMap(r -> Mono.from(r.map((row, meta) -> row.get("horizon", Long.class))))
                .map(FeedPosition::settledBelow));
    }

    private Node primary(String shard) {
        return store.node(store.topology().shard(shard).primary().name());
    }

    private static Mono<ChangePage> select(Connection c, String shard, FeedPosition after, Filter filter, int limit) {
        Statement statement = c.createStatement(Sql.changesAfter(filter.type() != null, filter.status() != null,
                        filter.documents()))
                .bind("$1", after.xid()).bind("$2", after.id());
        int n = 2;
        if (filter.type() != null) {
            statement.bind("$" + ++n, filter.type());
        }
        if (filter.status() != null) {
            statement.bind("$" + ++n, filter.status());
        }
        statement.bind("$" + (n + 1), limit);
        long[] horizon = {-1};
        boolean[] unsettled = {false};
        return Flux.from(statement.execute())
                .flatMap(r -> r.map((row, meta) -> {
                    horizon[0] = row.get("horizon", Long.class);
                    unsettled[0] = Boolean.TRUE.equals(row.get("unsettled", Boolean.class));
                    String id = row.get("id", String.class);
                    if (id == null) {
                        return List.<Change>of();
                    }
                    long xid = row.get("feed_xid", Long.class);
                    return List.of(new Change(shard, id, row.get("version", Long.class), row.get("type", String.class),
                            row.get("status", String.class), Boolean.TRUE.equals(row.get("created", Boolean.class)),
                            row.get("document", String.class), new FeedPosition(xid, id)));
                }))
                .collect(ArrayList<Change>::new, List::addAll)
                .map(changes -> {
                    boolean full = changes.size() >= limit;
                    FeedPosition next = full ? changes.get(changes.size() - 1).position()
                            : settledAfter(after, changes, horizon[0]);
                    return new ChangePage(changes, next, full, unsettled[0]);
                });
    }

    /** After a short page every matching change below the horizon has been read: resume at the horizon. */
    private static FeedPosition settledAfter(FeedPosition after, List<Change> changes, long horizon) {
        FeedPosition last = changes.isEmpty() ? after : changes.get(changes.size() - 1).position();
        FeedPosition settled = FeedPosition.settledBelow(horizon);
        return last.beforeXid(settled) ? settled : last;
    }
}
