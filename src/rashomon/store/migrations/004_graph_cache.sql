-- Graph aggregate caches: the unfiltered edge and stance tables, rebuilt on demand.
-- store_version rows: 'data' is bumped by every write of analyses (Store.mark_changed),
-- each cache row holds the 'data' version its table was built from.
@create store_version;
INSERT INTO store_version (name, version) VALUES ('data', 1), ('edge_cache', 0), ('stance_cache', 0);

-- one row per (subject, relation, object): what graph.edges() returns, lists as
-- chr(31)-joined text; indexed on subject and object (columns: rashomon/schema.py EDGE)
@create edge_cache;

-- one row per unordered pair (a < b): evidence for (p) and against (q), relation counts
-- ('not support:2' chr(31)-joined), and for contradicted pairs the voices and denial flag;
-- indexed on a and b (columns: rashomon/schema.py STANCE)
@create stance_cache;
