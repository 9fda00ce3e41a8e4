-- The counts behind a supplier's estate summary (R20), so that reading it costs a few hundred rows whatever the
-- estate's size (insight/EstateCounts.java). Both tables are append-only: every change to the estate, an approval,
-- the join, a publication or an outcome INSERTs its signed differences, readers add them up, and a scheduled
-- compaction collapses them now and then. No transaction ever updates a shared counter row, so concurrent changes
-- (two CSPs posting outcomes, two suppliers approving) neither wait for each other here nor deadlock.

-- A supplier's hubs by variant and firmware version; a hub supplied with both fuels by one supplier counts once.
CREATE TABLE estate_firmware_count (
    supplier_code    VARCHAR(32) NOT NULL,
    variant_id       BIGINT      NOT NULL,
    firmware_version VARCHAR(32) NOT NULL,
    hubs             BIGINT      NOT NULL,
    compacting       BOOLEAN     DEFAULT FALSE NOT NULL
);
CREATE INDEX ix_estate_firmware_count ON estate_firmware_count (supplier_code, variant_id);

-- A supplier's hubs in a release by firmware version and status, for the statuses some decision, batch or
-- prerequisite gave them. UPGRADED (the hub runs the release's firmware) and NOT_APPROVED (none of that) are not
-- kept: they follow from estate_firmware_count when the summary is read, so a newly registered release costs nothing.
CREATE TABLE release_status_count (
    release_id       BIGINT      NOT NULL,
    supplier_code    VARCHAR(32) NOT NULL,
    firmware_version VARCHAR(32) NOT NULL,
    status           VARCHAR(24) NOT NULL,
    hubs             BIGINT      NOT NULL,
    compacting       BOOLEAN     DEFAULT FALSE NOT NULL,
    CONSTRAINT ck_release_status_count_status CHECK (status IN ('IN_UPGRADE', 'FAILED', 'AWAITING_PREREQUISITE',
        'APPROVED', 'AWAITING_OTHER_SUPPLIER', 'AWAITING_YOUR_APPROVAL'))
);
CREATE INDEX ix_release_status_count ON release_status_count (supplier_code, release_id);

-- The hubs a change may touch, listed before it, so that their counts can be taken again after it; the rows leave
-- before the change's transaction ends.
CREATE TABLE estate_count_hub (
    change_id VARCHAR(36) NOT NULL,
    hub_id    BIGINT      NOT NULL,
    CONSTRAINT pk_estate_count_hub PRIMARY KEY (change_id, hub_id)
);
