-- One actor's view of each of its pairs (graph.voices): stance, state (agreed, contested,
-- mixed), sources for and against, from the claims between the two and the accusations
-- voiced against the actor. Written in actor order, rebuilt on demand like the caches of
-- 004/005 under its store_version row; lists are chr(31)-joined text.
-- Columns: actor, other, then rashomon/schema.py PAIR; indexed on actor.
@create pair_by_actor;
INSERT INTO store_version (name, version) VALUES ('pair_by_actor', 0);
