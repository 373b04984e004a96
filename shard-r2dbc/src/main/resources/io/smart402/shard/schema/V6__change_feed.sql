-- The change feed's position (GET /contracts/changes): the id of the transaction that last wrote the row on this
-- node (feed_xid; created_xid is the one that inserted it, so equal means "created"). Versions cannot be the
-- position: they are HLC values chosen by the writing server before its batch queues, so a commit with a smaller
-- version can become visible after a larger one, and a reader that kept "the highest version seen" would skip it.
-- Transaction ids (xid8, as bigint: they never wrap) have the same problem — ids are handed out at the first write,
-- commits land in any order — but PostgreSQL says which ids can no longer change: every id below the xmin of a
-- snapshot belongs to a finished transaction. The reader only reads rows with feed_xid below its own statement's
-- xmin, in (feed_xid, id) order, so a position it has passed can never gain a row. Rows written before this
-- migration keep 0: they are the start of every node's history.
ALTER TABLE contracts ADD COLUMN IF NOT EXISTS feed_xid bigint NOT NULL DEFAULT 0;
ALTER TABLE contracts ALTER COLUMN feed_xid SET DEFAULT (pg_current_xact_id()::text::bigint);
ALTER TABLE contracts ADD COLUMN IF NOT EXISTS created_xid bigint NOT NULL DEFAULT 0;
ALTER TABLE contracts ALTER COLUMN created_xid SET DEFAULT (pg_current_xact_id()::text::bigint);
CREATE INDEX IF NOT EXISTS contracts_feed_idx ON contracts (feed_xid, id);
-- One notification per writing statement, delivered by PostgreSQL when it commits, to every server LISTENing on
-- this node: the feed's wake-up across instances. It carries nothing; readers re-read by position, so a lost or
-- coalesced notification only delays them until their next poll.
CREATE OR REPLACE FUNCTION smart402_contracts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('smart402_changes', '');
    RETURN NULL;
END
$$;
CREATE OR REPLACE TRIGGER contracts_changed AFTER INSERT OR UPDATE ON contracts
    FOR EACH STATEMENT EXECUTE FUNCTION smart402_contracts_changed();
