-- The graph caches keyed by actor: every stance and edge of migration 004 stored once
-- from each end (actor, other) and written in actor order, so one actor's rows are
-- adjacent (DuckDB prunes row groups by min/max; PostgreSQL reads one index range).
-- Rebuilt together with stance_cache/edge_cache, under their store_version rows.
CREATE TABLE IF NOT EXISTS stance_by_actor (
    actor TEXT NOT NULL,
    other TEXT NOT NULL,
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    outlets TEXT,
    first_seen TEXT,
    last_seen TEXT,
    p DOUBLE PRECISION NOT NULL,
    q DOUBLE PRECISION NOT NULL,
    relations TEXT NOT NULL,
    voices BIGINT,
    denial INTEGER
);
CREATE INDEX IF NOT EXISTS stance_by_actor_actor ON stance_by_actor (actor);

CREATE TABLE IF NOT EXISTS edge_by_actor (
    actor TEXT NOT NULL,
    other TEXT NOT NULL,
    subject TEXT NOT NULL,
    relation TEXT NOT NULL,
    object TEXT NOT NULL,
    claims BIGINT NOT NULL,
    positive BIGINT NOT NULL,
    negated BIGINT NOT NULL,
    hedged BIGINT NOT NULL,
    outlets TEXT,
    speakers TEXT,
    own_voice INTEGER NOT NULL,
    first_seen TEXT,
    last_seen TEXT,
    weight DOUBLE PRECISION NOT NULL
);
CREATE INDEX IF NOT EXISTS edge_by_actor_actor ON edge_by_actor (actor);

-- the new tables start empty: make both caches stale so the next read rebuilds them
UPDATE store_version SET version = 0 WHERE name IN ('edge_cache', 'stance_cache');
-- marks a schema with these tables (a read-only store from before 005 has no such row)
INSERT INTO store_version (name, version) VALUES ('by_actor', 1);
