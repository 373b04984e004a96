package io.smart402.shard.replication;

import io.r2dbc.spi.Connection;
import io.smart402.core.store.ContractRecord;
import io.smart402.shard.sql.ContractRows;
import io.smart402.shard.sql.Sql;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Statements on the {@code outbox} table: read what a node owes a copy, forget what was delivered. */
final class Outbox {

    /** One owed row joined with the node's current version of the contract. */
    record Owed(long seq, ContractRecord record) {
    }

    private Outbox() {
    }

    static Mono<Long> delete(Connection c, Long[] seqs) {
        return Flux.from(c.createStatement(Sql.OUTBOX_DELETE).bind("$1", seqs).execute())
                .flatMap(r -> Mono.from(r.getRowsUpdated()))
                .reduce(0L, Long::sum);
    }

    static Mono<List<Owed>> owed(Connection c, String targetNode, Duration minAge, int limit) {
        return Flux.from(c.createStatement(Sql.OUTBOX_OWED)
                        .bind("$1", targetNode)
                        .bind("$2", minAge.toMillis() / 1000.0)
                        .bind("$3", limit)
                        .execute())
                .flatMap(r -> r.map((row, meta) -> new Owed(row.get("seq", Long.class), ContractRows.record(row))))
                .collectList();
    }
}
