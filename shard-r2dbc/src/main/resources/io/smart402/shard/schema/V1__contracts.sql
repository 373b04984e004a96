-- Processed contracts. `version` is the writer's hybrid logical clock value: every copy applies a write only
-- when it is newer, so replays and repairs converge. `document` is json (not jsonb) so reads return the
-- exact bytes that were written.
CREATE TABLE IF NOT EXISTS contracts (
    id          text        PRIMARY KEY,
    version     bigint      NOT NULL,
    digest      text        NOT NULL,
    type        text        NOT NULL,
    status      text        NOT NULL,
    document    json        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS contracts_type_idx ON contracts (type, id);
CREATE INDEX IF NOT EXISTS contracts_updated_idx ON contracts (updated_at DESC);
