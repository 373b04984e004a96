package io.smart402.shard.store;

import io.r2dbc.spi.Connection;
import io.smart402.core.store.ContractRecord;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Statements on the {@code outbox} table: read what a node owes a copy, forget what was delivered. */
final class Outbox {

    /** One owed row joined with the node's current version of the contract. */
    record Owed(long seq, ContractRecord record) {
    }

    private static final String OWED = """
            SELECT o.seq, c.id, c.version, c.digest, c.type, c.status, c.document::text AS document
              FROM outbox o JOIN contracts c ON c.id = o.contract_id
             WHERE o.target_node = $1 AND o.created_at < now() - make_interval(secs => $2)
             ORDER BY o.seq
             LIMIT $3""";

    private Outbox() {
    }

    static Mono<Long> delete(Connection c, Long[] seqs) {
        return Flux.from(c.createStatement("DELETE FROM outbox WHERE seq = ANY($1::int8[])").bind("$1", seqs).execute())
                .flatMap(r -> Mono.from(r.getRowsUpdated()))
                .reduce(0L, Long::sum);
    }

    static Mono<List<Owed>> owed(Connection c, String targetNode, Duration minAge, int limit) {
        return Flux.from(c.createStatement(OWED)
                        .bind("$1", targetNode)
                        .bind("$2", minAge.toMillis() / 1000.0)
                        .bind("$3", limit)
                        .execute())
                .flatMap(r -> r.map((row, meta) -> new Owed(row.get("seq", Long.class), new ContractRecord(
                        row.get("id", String.class), row.get("version", Long.class), row.get("digest", String.class),
                        row.get("type", String.class), row.get("status", String.class),
                        row.get("document", String.class)))))
                .collectList();
    }
}
