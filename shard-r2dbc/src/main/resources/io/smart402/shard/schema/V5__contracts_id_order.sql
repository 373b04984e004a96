-- Scatter-gather cursors, its merge and repair chunks order ids by code point (the "C" collation). A database
-- whose default collation already sorts that way (the embedded fleet: initdb --locale=C) serves that order from
-- the primary key; any other (a linguistic libc or ICU collation) gets a "C" index on id, so those queries stay
-- index range scans. The probe compares real orderings instead of trusting collation names (an ICU database
-- reports datcollate 'C').
DO $$
BEGIN
    IF (SELECT array_agg(x ORDER BY x) FROM unnest(ARRAY['f', 'é', 'a', 'Z', 'B', '_', '1', '-', 'ｚ', '𝄞']) AS t(x))
       IS DISTINCT FROM
       (SELECT array_agg(x ORDER BY x COLLATE "C") FROM unnest(ARRAY['f', 'é', 'a', 'Z', 'B', '_', '1', '-', 'ｚ', '𝄞']) AS t(x))
    THEN
        CREATE INDEX IF NOT EXISTS contracts_id_c_idx ON contracts (id COLLATE "C");
    END IF;
END
$$;
