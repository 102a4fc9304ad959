-- Version 3: the nodes added and changed through the admin API, so that every server sees them.
-- A node is kept as its definition (the fields of a nodes: entry, as JSON text); the server
-- checks it by the configuration's rules before writing. Every change is one transaction that
-- bumps the one row of node_generation only if it still holds the generation the change was
-- checked against: changes from all servers are serialized by that row, a change checked against
-- an older set of nodes is refused (the server reads again), and the other servers see the new
-- generation when they poll it. version counts the changes of one node.
CREATE TABLE node (
    name        text        PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 63),
    definition  text        NOT NULL CHECK (length(definition) <= 65536),
    version     bigint      NOT NULL,
    changed_by  text        NOT NULL CHECK (length(changed_by) <= 200),
    changed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE node_generation (
    one         boolean     PRIMARY KEY DEFAULT true CHECK (one),
    generation  bigint      NOT NULL
);
INSERT INTO node_generation (one, generation) VALUES (true, 0);
