package io.smart402.shard.sql;

/**
 * Every statement the store sends about contracts, copies and node health, in one place, so a schema change
 * is one edit and the bench can run the very text the store sends. Parameters are positional ({@code $1}…).
 */
public final class Sql {

    // The documents travel as one JSON array ($6) rather than a text[]: a text array literal escapes every quote
    // and backslash of every document (the driver's ArrayCodec spent ~20% of the server's CPU doing it, and
    // PostgreSQL then un-escaped it again); a JSON array of documents that are already JSON is a plain
    // concatenation. ROWS FROM zips the columns back into rows; json_array_elements keeps each document's text.
    /**
     * The versioned multi-row upsert ($1 ids, $2 versions, $3 digests, $4 types, $5 statuses as arrays, $6 the
     * documents as one JSON array): a stored row is only replaced by a newer version.
     */
    public static final String UPSERT = """
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
     * {@link #UPSERT} plus one outbox row per copy owed ($7, node names) for every row it actually changed, in
     * one statement — what the store sends to a shard that has replicas: a row is acknowledged only together
     * with the record of the copies it still owes.
     */
    public static final String UPSERT_WITH_OUTBOX = "WITH up AS (" + UPSERT + " RETURNING stored.id, stored.version)\n"
            + "INSERT INTO outbox (contract_id, version, target_node)\n"
            + "SELECT up.id, up.version, t.node FROM up CROSS JOIN unnest($7::text[]) AS t(node)\n"
            + "RETURNING seq, contract_id, target_node";

    /** The columns {@link ContractRows#record} reads, for statements that return whole contract rows. */
    static final String RECORD_COLUMNS = "id, version, digest, type, status, document::text AS document";

    /** Whole rows of the contracts $1 (a text array). */
    public static final String RECORDS_BY_IDS = "SELECT " + RECORD_COLUMNS + " FROM contracts WHERE id = ANY($1)";

    /** (id, document) of the contracts $1 (a text array). */
    public static final String DOCUMENTS_BY_IDS = "SELECT id, document::text AS document FROM contracts WHERE id = ANY($1)";

    /** The document of contract $1, as column {@code document}. */
    public static final String DOCUMENT_BY_ID = "SELECT document::text AS document FROM contracts WHERE id = $1";

    /** (id, version) of the contracts $1 (a text array). */
    public static final String VERSIONS_BY_IDS = "SELECT id, version FROM contracts WHERE id = ANY($1::text[])";

    /** The $1 most recently written contracts as (id, document), newest first (index contracts_updated_idx of V1). */
    public static final String RECENTLY_UPDATED =
            "SELECT id, document::text AS document FROM contracts ORDER BY updated_at DESC LIMIT $1";

    /** Rows of the contracts table, as column {@code n} (a scan). */
    public static final String COUNT_CONTRACTS = "SELECT count(*) AS n FROM contracts";

    /** Proves a node answers. */
    public static final String PING = "SELECT 1";

    /** A node's outbox lag: rows still owed ({@code depth}) and the age of the oldest in seconds ({@code age}). */
    public static final String OUTBOX_LAG = "SELECT count(*) AS depth, "
            + "coalesce(extract(epoch FROM (now() - min(created_at))), 0)::float8 AS age FROM outbox";

    /**
     * What a node owes copy $1, older than $2 seconds, oldest first, at most $3 rows: the outbox {@code seq}
     * with the node's current version of the contract. Inside a transaction the outbox rows are claimed: locked
     * until it ends, and skipped by every other replayer meanwhile (another server instance on the same fleet),
     * so two replayers never copy the same rows at once.
     */
    public static final String OUTBOX_OWED = """
            SELECT o.seq, c.id, c.version, c.digest, c.type, c.status, c.document::text AS document
              FROM outbox o JOIN contracts c ON c.id = o.contract_id
             WHERE o.target_node = $1 AND o.created_at < now() - make_interval(secs => $2)
             ORDER BY o.seq
             LIMIT $3
               FOR UPDATE OF o SKIP LOCKED""";

    /** Forgets delivered copies: outbox rows $1 (an int8 array). */
    public static final String OUTBOX_DELETE = "DELETE FROM outbox WHERE seq = ANY($1::int8[])";

    private static final String DEAD_LETTER_COLUMNS =
            "id, key, payload, error, attempts, first_failed_at, last_failed_at";

    /** Saves a dead letter: $1..$7 are the columns of {@link #DEAD_LETTERS_AFTER}, in order. */
    public static final String DEAD_LETTER_INSERT =
            "INSERT INTO dead_letters (" + DEAD_LETTER_COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7)";

    /** Up to $2 dead letters with ids after $1, by id. */
    public static final String DEAD_LETTERS_AFTER =
            "SELECT " + DEAD_LETTER_COLUMNS + " FROM dead_letters WHERE id > $1 ORDER BY id LIMIT $2";

    public static final String DEAD_LETTER_BY_ID = "SELECT " + DEAD_LETTER_COLUMNS + " FROM dead_letters WHERE id = $1";

    /** A failed replay of letter $1: its error $2, attempts $3 and last failure $4. */
    public static final String DEAD_LETTER_UPDATE =
            "UPDATE dead_letters SET error = $2, attempts = $3, last_failed_at = $4 WHERE id = $1";

    public static final String DEAD_LETTER_DELETE = "DELETE FROM dead_letters WHERE id = $1";

    /** Dead letters kept on a node, as column {@code n}. */
    public static final String DEAD_LETTER_COUNT = "SELECT count(*) AS n FROM dead_letters";

    /** The directory's whole table as (key, shard). */
    public static final String DIRECTORY_LOAD = "SELECT key, shard FROM shard_directory";

    /** Assigns key $1 to shard $2. */
    public static final String DIRECTORY_ASSIGN = "INSERT INTO shard_directory (key, shard) VALUES ($1, $2) "
            + "ON CONFLICT (key) DO UPDATE SET shard = excluded.shard, updated_at = now()";

    private static final String PROBE_VALUES =
            "unnest(ARRAY['f', 'é', 'a', 'Z', 'B', '_', '1', '-', 'ｚ', '𝄞']) AS t(x)";

    /**
     * Whether the node's default collation orders ids by code point, as column {@code native} (then plain
     * {@code id} can be ordered and compared without {@code COLLATE "C"}).
     */
    public static final String COLLATION_PROBE = "SELECT (SELECT array_agg(x ORDER BY x) FROM " + PROBE_VALUES + ") "
            + "IS NOT DISTINCT FROM (SELECT array_agg(x ORDER BY x COLLATE \"C\") FROM " + PROBE_VALUES + ") AS native";

    private Sql() {
    }

    /** Ids in ({@code lo}, {@code hi}] (either bound may be null) in {@code idExpr} order: the repair's scan. */
    private static String idsInRange(String idExpr, String lo, String hi) {
        return "SELECT id FROM contracts" + where(idExpr, lo, hi) + " ORDER BY " + idExpr;
    }

    /** The {@code n}-th id after {@code lo} in {@code idExpr} order (a chunk boundary of the repair). */
    public static String nthIdAfter(String idExpr, String lo, int n) {
        return idsInRange(idExpr, lo, null) + " OFFSET " + (n - 1) + " LIMIT 1";
    }

    /** (id, version) in ({@code lo}, {@code hi}] in {@code idExpr} order. */
    public static String versionsInRange(String idExpr, String lo, String hi) {
        return "SELECT id, version FROM contracts" + where(idExpr, lo, hi) + " ORDER BY " + idExpr;
    }

    /** Row count {@code n} and a digest {@code h} of every (id, version) in ({@code lo}, {@code hi}]. */
    public static String digestOfRange(String idExpr, String lo, String hi) {
        // length(id) prefixes make the concatenation unambiguous whatever characters ids contain.
        return "SELECT count(*) AS n, md5(coalesce(string_agg(length(id) || ':' || id || ':' || version, ','"
                + " ORDER BY " + idExpr + "), '')) AS h FROM contracts" + where(idExpr, lo, hi);
    }

    /**
     * One page of ids in {@code idExpr} order, filtered by whichever of type, status and "after this id" are
     * present (bound in that order as $1, $2, …), then the row limit as the last parameter.
     */
    public static String listIds(String idExpr, boolean byType, boolean byStatus, boolean after) {
        StringBuilder sql = new StringBuilder("SELECT id FROM contracts");
        int n = 0;
        String glue = " WHERE ";
        if (byType) {
            sql.append(glue).append("type = $").append(++n);
            glue = " AND ";
        }
        if (byStatus) {
            sql.append(glue).append("status = $").append(++n);
            glue = " AND ";
        }
        if (after) {
            sql.append(glue).append(idExpr).append(" > $").append(++n);
        }
        return sql.append(" ORDER BY ").append(idExpr).append(" LIMIT $").append(n + 1).toString();
    }

    /** The bounds bind as $1 (lo, when set) then the next parameter (hi, when set). */
    private static String where(String expr, String lo, String hi) {
        if (lo == null && hi == null) {
            return "";
        }
        if (hi == null) {
            return " WHERE " + expr + " > $1";
        }
        if (lo == null) {
            return " WHERE " + expr + " <= $1";
        }
        return " WHERE " + expr + " > $1 AND " + expr + " <= $2";
    }
}
