package io.smart402.shard.store;

/**
 * The bench's window on the store's package-private upsert, so the pgbench baseline runs the very statement the
 * store sends (same text, same batching) instead of a copy that could drift.
 */
public final class BenchAccess {

    private BenchAccess() {
    }

    /** {@code UpsertStatement.SQL}: the versioned multi-row {@code unnest} upsert with parameters $1..$6. */
    public static String upsertSql() {
        return UpsertStatement.SQL;
    }

    /**
     * {@code UpsertStatement.SQL_WITH_OUTBOX}: the same upsert plus one outbox row per copy owed ($7, node names),
     * in one statement — what the store sends to a shard that has replicas.
     */
    public static String upsertWithOutboxSql() {
        return UpsertStatement.SQL_WITH_OUTBOX;
    }
}
