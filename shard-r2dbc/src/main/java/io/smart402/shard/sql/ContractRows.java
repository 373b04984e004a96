package io.smart402.shard.sql;

import io.r2dbc.spi.Row;
import io.smart402.core.store.ContractRecord;

/** The one mapping of a contracts row (the columns of {@link Sql#RECORDS_BY_IDS}) to a {@link ContractRecord}. */
public final class ContractRows {

    private ContractRows() {
    }

    public static ContractRecord record(Row row) {
        return new ContractRecord(row.get("id", String.class), row.get("version", Long.class),
                row.get("digest", String.class), row.get("type", String.class), row.get("status", String.class),
                row.get("document", String.class));
    }
}
