-- Rashomon schema v1. Portable SQL: runs unchanged on DuckDB and PostgreSQL.
-- Dates are ISO-8601 text ('YYYY-MM-DD'), so they compare and sort as text.
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    title TEXT,
    source TEXT,            -- the outlet
    published TEXT,
    url TEXT,
    author TEXT,
    language TEXT,
    path TEXT,
    duplicate_of TEXT,      -- near-duplicate: the original's id
    content_hash TEXT NOT NULL,
    text TEXT NOT NULL,
    meta TEXT,              -- JSON
    analysed_at TEXT
);
CREATE INDEX IF NOT EXISTS documents_hash ON documents (content_hash);

CREATE TABLE IF NOT EXISTS sentences (
    doc TEXT NOT NULL,
    idx INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    PRIMARY KEY (doc, idx)
);

CREATE TABLE IF NOT EXISTS actors (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT,
    country TEXT,
    parent TEXT,
    aliases TEXT,           -- JSON list
    origin TEXT NOT NULL    -- kb | user | unknown
);

CREATE TABLE IF NOT EXISTS mentions (
    doc TEXT NOT NULL,
    idx INTEGER NOT NULL,
    actor TEXT NOT NULL,
    name TEXT NOT NULL,
    text TEXT NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    sentence INTEGER,
    kind TEXT,
    score DOUBLE PRECISION,
    type TEXT,
    PRIMARY KEY (doc, idx)
);
CREATE INDEX IF NOT EXISTS mentions_actor ON mentions (actor);

CREATE TABLE IF NOT EXISTS claims (
    doc TEXT NOT NULL,
    idx INTEGER NOT NULL,
    subject TEXT NOT NULL,
    relation TEXT NOT NULL,
    object TEXT NOT NULL,
    negated BOOLEAN NOT NULL,
    hedged BOOLEAN NOT NULL,
    source TEXT,
    confidence DOUBLE PRECISION,
    subject_id TEXT,
    object_id TEXT,
    source_id TEXT,
    subject_text TEXT,
    object_text TEXT,
    ev_start INTEGER NOT NULL,
    ev_end INTEGER NOT NULL,
    ev_text TEXT NOT NULL,
    plover TEXT,
    time TEXT,
    extractor TEXT,
    sentence INTEGER,
    PRIMARY KEY (doc, idx)
);
CREATE INDEX IF NOT EXISTS claims_subject ON claims (subject);
CREATE INDEX IF NOT EXISTS claims_object ON claims (object);

CREATE TABLE IF NOT EXISTS labels (
    doc TEXT NOT NULL,
    idx INTEGER NOT NULL,
    kind TEXT NOT NULL,     -- narrative | subnarrative | role | explanation
    value TEXT NOT NULL,
    score DOUBLE PRECISION,
    actor TEXT,
    target_start INTEGER,
    target_end INTEGER,
    target_text TEXT,
    fine TEXT,              -- JSON list of fine roles
    evidence TEXT,          -- JSON list of {start, end, text}
    model TEXT,
    PRIMARY KEY (doc, idx)
);
CREATE INDEX IF NOT EXISTS labels_kind ON labels (kind);

CREATE TABLE IF NOT EXISTS signatures (
    doc TEXT PRIMARY KEY,
    minhash TEXT NOT NULL   -- hex of the MinHash hash values
);
