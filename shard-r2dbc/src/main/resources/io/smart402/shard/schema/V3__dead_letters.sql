-- Items that still failed after their retries (issue #4), kept for replay. A letter lives on whichever node
-- accepted it (any healthy node); listing reads every node. `id` sorts by creation time (dl_<ms hex>_<random>).
-- Numbered 3, not 2: version 2 is reserved for the outbox (issue #3) so the two branches do not collide.
CREATE TABLE IF NOT EXISTS dead_letters (
    id               text        PRIMARY KEY,
    key              text        NOT NULL,
    payload          text        NOT NULL,
    error            text        NOT NULL,
    attempts         int         NOT NULL,
    first_failed_at  timestamptz NOT NULL,
    last_failed_at   timestamptz NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS dead_letters_key_idx ON dead_letters (key);
