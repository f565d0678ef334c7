-- Graph aggregate caches: the unfiltered edge and stance tables, rebuilt on demand.
-- store_version rows: 'data' is bumped by every write of analyses (Store.mark_changed),
-- each cache row holds the 'data' version its table was built from.
CREATE TABLE IF NOT EXISTS store_version (
    name TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO store_version (name, version) VALUES ('data', 1), ('edge_cache', 0), ('stance_cache', 0);

-- one row per (subject, relation, object): what graph.edges() returns, lists as
-- chr(31)-joined text
CREATE TABLE IF NOT EXISTS edge_cache (
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
CREATE INDEX IF NOT EXISTS edge_cache_subject ON edge_cache (subject);
CREATE INDEX IF NOT EXISTS edge_cache_object ON edge_cache (object);

-- one row per unordered pair (a < b): evidence for (p) and against (q), relation counts
-- ('not support:2' chr(31)-joined), and for contradicted pairs the voices and denial flag
CREATE TABLE IF NOT EXISTS stance_cache (
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
CREATE INDEX IF NOT EXISTS stance_cache_a ON stance_cache (a);
CREATE INDEX IF NOT EXISTS stance_cache_b ON stance_cache (b);
