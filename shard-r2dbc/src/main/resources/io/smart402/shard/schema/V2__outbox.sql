-- Copies still owed. A row is written in the same statement (so the same transaction) as the contract
-- write on the node that acknowledged it, one per other copy of the shard; fan-out or the replayer
-- deletes it once that copy has the version (or a newer one). Only the id is kept: delivery always sends
-- the node's current row, which versioned upserts make safe.
CREATE TABLE IF NOT EXISTS outbox (
    seq          bigserial   PRIMARY KEY,
    contract_id  text        NOT NULL,
    version      bigint      NOT NULL,
    target_node  text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS outbox_target_idx ON outbox (target_node, seq);
