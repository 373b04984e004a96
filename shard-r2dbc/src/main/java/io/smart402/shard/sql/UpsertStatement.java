package io.smart402.shard.sql;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Statement;
import io.smart402.core.store.ContractRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The versioned multi-row upsert: one statement and one round trip per batch, whatever its size. Rows
 * travel as parallel arrays through {@code unnest}, so the statement text is constant and PostgreSQL
 * caches its plan; a stored row is only replaced by a newer version, which makes every write idempotent.
 * Public for repair and replication, which must apply exactly the same rule as the write path.
 */
public final class UpsertStatement {

    /** One outbox row written with a batch. */
    public record OutboxEntry(long seq, String contractId, String targetNode) {
    }

    private UpsertStatement() {
    }

    /**
     * One row per id (the newest version): PostgreSQL refuses to update the same row twice in one
     * statement, and only the newest would survive anyway.
     */
    public static Collection<ContractRecord> newestPerId(List<ContractRecord> batch) {
        Map<String, ContractRecord> newest = new LinkedHashMap<>();
        for (ContractRecord r : batch) {
            newest.merge(r.id(), r, (a, b) -> a.version() >= b.version() ? a : b);
        }
        return newest.values();
    }

    /** Executes the upsert of {@code rows} on {@code connection}; emits the rows changed. */
    public static Mono<Long> execute(Connection connection, Collection<ContractRecord> rows) {
        return Flux.from(bind(connection.createStatement(Sql.UPSERT), rows).execute())
                .flatMap(result -> Mono.from(result.getRowsUpdated()))
                .reduce(0L, Long::sum);
    }

    /** Executes the upsert and records the copies owed to {@code owedNodes}; emits the outbox rows written. */
    public static Flux<OutboxEntry> executeWithOutbox(Connection connection, Collection<ContractRecord> rows,
                                               List<String> owedNodes) {
        Statement statement = bind(connection.createStatement(Sql.UPSERT_WITH_OUTBOX), rows)
                .bind("$7", owedNodes.toArray(new String[0]));
        return Flux.from(statement.execute())
                .flatMap(result -> result.map((row, meta) -> new OutboxEntry(row.get("seq", Long.class),
                        row.get("contract_id", String.class), row.get("target_node", String.class))));
    }

    private static Statement bind(Statement statement, Collection<ContractRecord> rows) {
        int n = rows.size();
        String[] ids = new String[n];
        Long[] versions = new Long[n];
        String[] digests = new String[n];
        String[] types = new String[n];
        String[] statuses = new String[n];
        int i = 0;
        for (ContractRecord r : rows) {
            ids[i] = r.id();
            versions[i] = r.version();
            digests[i] = r.digest();
            types[i] = r.type();
            statuses[i] = r.status();
            i++;
        }
        return statement
                .bind("$1", ids).bind("$2", versions).bind("$3", digests)
                .bind("$4", types).bind("$5", statuses).bind("$6", documents(rows));
    }

    /**
     * The documents as one JSON array of the records' own UTF-8 bytes ({@link JsonTextCodec}): no String and no
     * copy of the batch on the heap; the codec copies the documents into one buffer of the connection's
     * allocator, and the driver that into its Bind message.
     */
    private static JsonText documents(Collection<ContractRecord> rows) {
        List<byte[]> documents = new ArrayList<>(rows.size());
        for (ContractRecord r : rows) {
            documents.add(r.document());
        }
        return JsonText.array(documents);
    }
}
