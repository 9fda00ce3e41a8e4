-- How many comms hubs each flag on HAN devices matches (R30), kept so that reading the flags (GET /api/flags) never
-- counts the estate (flags/FlagCounts.java, docs/flags.md): counted from the hubs once when the flag is raised, and
-- again when the estate changes (EstateUpdatedEvent: an import, which alone writes HAN devices and hubs' suppliers).
-- Per supplier (a split hub for each of its suppliers) in hub_flag_count, every hub once in hub_flag.matching_hubs.
-- A flag on a configuration set or a CH firmware is counted from the DPL's kept counts (dpl_count) instead, which every
-- write of the estate keeps, an upgrade included. A flag raised before this migration is counted the first time it is
-- read (matching_hubs NULL).
ALTER TABLE hub_flag ADD COLUMN matching_hubs BIGINT;
ALTER TABLE hub_flag ADD COLUMN counted_at TIMESTAMP;

CREATE TABLE hub_flag_count (
    flag_id       BIGINT      NOT NULL REFERENCES hub_flag (id),
    supplier_code VARCHAR(32) NOT NULL,
    hubs          BIGINT      NOT NULL,
    CONSTRAINT pk_hub_flag_count PRIMARY KEY (flag_id, supplier_code)
);
