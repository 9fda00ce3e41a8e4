-- Aggregates behind a supplier's estate summary (R20), so that the summary reads a few hundred rows instead of
-- grouping millions of comms hubs. Both are kept by the set-based operations that change what they count
-- (insight/EstateAggregates.java) and recomputed whole after estate loads and imports.

-- Each supplier's hubs by variant and firmware version; a hub supplied with both fuels by one supplier counts once.
CREATE TABLE estate_firmware_count (
    supplier_code    VARCHAR(32) NOT NULL REFERENCES supplier (code),
    variant_id       BIGINT      NOT NULL REFERENCES ch_variant (id),
    firmware_version VARCHAR(32) NOT NULL,
    hub_count        BIGINT      NOT NULL,
    CONSTRAINT pk_estate_firmware_count PRIMARY KEY (supplier_code, variant_id, firmware_version)
);

-- Each supplier's hubs in a release by firmware version and status, for the statuses that some decision or batch
-- gave them. UPGRADED (the hub runs the release's firmware) and NOT_APPROVED (nothing happened to it yet) are
-- derived from estate_firmware_count when the summary is read, so registering a release or adding hubs costs nothing.
CREATE TABLE release_status_count (
    release_id       BIGINT      NOT NULL REFERENCES firmware_release (id),
    supplier_code    VARCHAR(32) NOT NULL REFERENCES supplier (code),
    firmware_version VARCHAR(32) NOT NULL,
    status           VARCHAR(24) NOT NULL,
    hub_count        BIGINT      NOT NULL,
    CONSTRAINT pk_release_status_count PRIMARY KEY (release_id, supplier_code, firmware_version, status),
    CONSTRAINT ck_release_status_count CHECK (status IN ('IN_UPGRADE', 'FAILED', 'APPROVED', 'AWAITING_OTHER_SUPPLIER',
                                                         'AWAITING_YOUR_APPROVAL'))
);
CREATE INDEX ix_release_status_count_supplier ON release_status_count (supplier_code, release_id);

-- The primary key (release_id, hub_id, supplier_code) already serves every lookup by (release_id, hub_id);
-- the second index only cost time on every approval (measured in docs/benchmarks.md).
DROP INDEX ix_hub_approval_hub;
