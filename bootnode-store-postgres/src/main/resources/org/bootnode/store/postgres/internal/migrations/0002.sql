-- Version 2: boot events, so that every server shows every node's boots.
-- Each server appends its own events; each reads the others' in commit order by the writing
-- transaction's id (xact): rows of transactions older than every running one (the snapshot's
-- xmin) can no longer be joined by a late commit, so a reader's cursor on (xact, id) never skips
-- one (see EventShipper). Old rows are deleted after the retention (default 7 days).
CREATE TABLE boot_event (
    id      bigserial   PRIMARY KEY,
    xact    xid8        NOT NULL DEFAULT pg_current_xact_id(),
    -- the writing process (a random id per start), so that a reader skips its own rows
    source  text        NOT NULL,
    server  text        NOT NULL CHECK (length(server) <= 200),
    mac     bytea       NOT NULL CHECK (octet_length(mac) <= 16),
    stage   text        NOT NULL CHECK (length(stage) <= 32),
    time    timestamptz NOT NULL,
    bytes   bigint      NOT NULL,
    detail  text        NOT NULL CHECK (length(detail) <= 1024)
);
CREATE INDEX boot_event_xact ON boot_event (xact, id);
CREATE INDEX boot_event_time ON boot_event (time);
