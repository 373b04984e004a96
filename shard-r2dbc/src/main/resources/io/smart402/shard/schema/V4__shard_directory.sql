-- The `directory` sharding strategy's key -> shard table. Created on every node; the strategy reads and writes
-- the copy on the first shard's primary. Routing reads it into memory, so its size is bounded by memory: it
-- lists the keys placed explicitly, and every other key goes to the fallback strategy.
CREATE TABLE IF NOT EXISTS shard_directory (
    key         text        PRIMARY KEY,
    shard       text        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
