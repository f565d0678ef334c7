-- Rashomon schema v1. Portable SQL: runs unchanged on DuckDB and PostgreSQL.
-- Each line below stands for a table of rashomon/schema.py: its table and indexes,
-- IF NOT EXISTS (store.base.migrations expands it). The columns are documented there.
@create documents;
@create sentences;
@create actors;
@create mentions;
@create claims;
@create labels;
@create signatures;

