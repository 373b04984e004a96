package io.smart402.shard.store;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Statement;
import io.smart402.core.store.ContractRecord;
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
 * Public for repair, which must apply exactly the same rule as the write path.
 */
public final class UpsertStatement {

    // The documents travel as one JSON array ($6) rather than a text[]: a text array literal escapes every quote
    // and backslash of every document (the driver's ArrayCodec spent ~20% of the server's CPU doing it, and
    // PostgreSQL then un-escaped it again); a JSON array of documents that are already JSON is a plain
    // concatenation. ROWS FROM zips the columns back into rows; json_array_elements keeps each document's text.
    static final String SQL = """
            INSERT INTO contracts AS stored (id, version, digest, type, status, document)
            SELECT id, version, digest, type, status, document
              FROM ROWS FROM (unnest($1::text[]), unnest($2::int8[]), unnest($3::text[]), unnest($4::text[]),
                              unnest($5::text[]), json_array_elements($6::json))
                   AS t(id, version, digest, type, status, document)
            ON CONFLICT (id) DO UPDATE
               SET version = excluded.version, digest = excluded.digest, type = excluded.type,
                   status = excluded.status, document = excluded.document, updated_at = now()
             WHERE stored.version < excluded.version""";

    /**
     * The same upsert plus one outbox row per owed copy for every row it actually changed, in one statement
     * (so one transaction and one round trip): a row is acknowledged only together with the record of the
     * copies it still owes.
     */
    static final String SQL_WITH_OUTBOX = "WITH up AS (" + SQL + " RETURNING stored.id, stored.version)\n"
            + "INSERT INTO outbox (contract_id, version, target_node)\n"
            + "SELECT up.id, up.version, t.node FROM up CROSS JOIN unnest($7::text[]) AS t(node)\n"
            + "RETURNING seq, contract_id, target_node";

    /** One outbox row written with a batch. */
    record OutboxEntry(long seq, String contractId, String targetNode) {
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
        return Flux.from(bind(connection.createStatement(SQL), rows).execute())
                .flatMap(result -> Mono.from(result.getRowsUpdated()))
                .reduce(0L, Long::sum);
    }

    /** Executes the upsert and records the copies owed to {@code owedNodes}; emits the outbox rows written. */
    static Flux<OutboxEntry> executeWithOutbox(Connection connection, Collection<ContractRecord> rows,
                                               List<String> owedNodes) {
        Statement statement = bind(connection.createStatement(SQL_WITH_OUTBOX), rows)
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
        int length = 2 + n;
        for (ContractRecord r : rows) {
            length += r.json().length();
        }
        StringBuilder documents = new StringBuilder(length).append('[');
        int i = 0;
        for (ContractRecord r : rows) {
            ids[i] = r.id();
            versions[i] = r.version();
            digests[i] = r.digest();
            types[i] = r.type();
            statuses[i] = r.status();
            if (i > 0) {
                documents.append(',');
            }
            documents.append(r.json());
            i++;
        }
        return statement
                .bind("$1", ids).bind("$2", versions).bind("$3", digests)
                .bind("$4", types).bind("$5", statuses).bind("$6", documents.append(']').toString());
    }
}
