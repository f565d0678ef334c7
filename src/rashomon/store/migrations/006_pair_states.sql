-- One actor's view of each of its pairs (graph.voices): stance, state (agreed, contested,
-- mixed), sources for and against, from the claims between the two and the accusations
-- voiced against the actor. Written in actor order, rebuilt on demand like the caches of
-- 004/005 under its store_version row; lists are chr(31)-joined text.
CREATE TABLE IF NOT EXISTS pair_by_actor (
    actor TEXT NOT NULL,
    other TEXT NOT NULL,
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    stance DOUBLE PRECISION NOT NULL,
    weight DOUBLE PRECISION NOT NULL,
    state TEXT NOT NULL,
    relations TEXT NOT NULL,
    outlets TEXT,
    speakers TEXT,
    sources_for BIGINT NOT NULL,
    sources_against BIGINT NOT NULL,
    denied INTEGER NOT NULL,
    first_seen TEXT,
    last_seen TEXT
);
CREATE INDEX IF NOT EXISTS pair_by_actor_actor ON pair_by_actor (actor);
INSERT INTO store_version (name, version) VALUES ('pair_by_actor', 0);
