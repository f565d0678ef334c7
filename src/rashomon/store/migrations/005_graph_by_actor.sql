-- The graph caches keyed by actor: every stance and edge of migration 004 stored once
-- from each end (actor, other) and written in actor order, so one actor's rows are
-- adjacent (DuckDB prunes row groups by min/max; PostgreSQL reads one index range).
-- Rebuilt together with stance_cache/edge_cache, under their store_version rows.
-- Columns: actor, other, then those of stance_cache / edge_cache (rashomon/schema.py).
@create stance_by_actor;
@create edge_by_actor;

-- the new tables start empty: make both caches stale so the next read rebuilds them
UPDATE store_version SET version = 0 WHERE name IN ('edge_cache', 'stance_cache');
-- marks a schema with these tables (a read-only store from before 005 has no such row)
INSERT INTO store_version (name, version) VALUES ('by_actor', 1);
