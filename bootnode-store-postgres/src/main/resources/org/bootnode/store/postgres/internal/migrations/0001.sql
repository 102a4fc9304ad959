-- Version 1: the lease table.
-- One row per address: the primary key is what makes an address given to one client only, across
-- every server sharing the database. A put replaces a row only when it is expired or belongs to the
-- same client (see LeaseSql.UPSERT); otherwise the database refuses it.
CREATE TABLE lease (
    address    inet        PRIMARY KEY CHECK (family(address) = 4 AND masklen(address) = 32),
    mac        bytea       NOT NULL CHECK (octet_length(mac) <= 16),
    client_id  bytea       CHECK (octet_length(client_id) <= 255),
    -- 0x01 || client_id when the client sent one, else 0x00 || mac (RFC 2131 section 4.2)
    client_key bytea       NOT NULL,
    host_name  text        NOT NULL,
    expires    timestamptz NOT NULL,
    state      text        NOT NULL CHECK (state IN ('bound', 'declined')),
    written_by text        NOT NULL,
    written_at timestamptz NOT NULL DEFAULT now()
);
-- At most one bound lease per client.
CREATE UNIQUE INDEX lease_bound_client ON lease (client_key) WHERE state = 'bound';
