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


-- Every approval row was checked by four foreign-key triggers: release, hub, supplier and decision. Its release and
-- supplier are its decision's, so one composite key to the decision checks all three at once (measured: the
-- per-row triggers were three quarters of the time of a whole-estate approval on PostgreSQL). The table is
-- rebuilt rather than altered because the old keys had no names to drop them by on every database.
ALTER TABLE supplier_decision ADD CONSTRAINT uq_supplier_decision_scope UNIQUE (id, release_id, supplier_code);
CREATE TABLE hub_approval_rebuilt (
    release_id    BIGINT      NOT NULL,
    hub_id        BIGINT      NOT NULL,
    supplier_code VARCHAR(32) NOT NULL,
    method        VARCHAR(16) NOT NULL,
    approved_by   VARCHAR(64),
    approved_at   TIMESTAMP   NOT NULL,
    decision_id   BIGINT      NOT NULL
);
INSERT INTO hub_approval_rebuilt (release_id, hub_id, supplier_code, method, approved_by, approved_at, decision_id)
SELECT release_id, hub_id, supplier_code, method, approved_by, approved_at, decision_id FROM hub_approval;
DROP TABLE hub_approval;
ALTER TABLE hub_approval_rebuilt RENAME TO hub_approval;
ALTER TABLE hub_approval ADD CONSTRAINT pk_hub_approval PRIMARY KEY (release_id, hub_id, supplier_code);
ALTER TABLE hub_approval ADD CONSTRAINT fk_hub_approval_hub FOREIGN KEY (hub_id) REFERENCES comms_hub (id);
ALTER TABLE hub_approval ADD CONSTRAINT fk_hub_approval_decision FOREIGN KEY (decision_id, release_id, supplier_code)
    REFERENCES supplier_decision (id, release_id, supplier_code);
ALTER TABLE hub_approval ADD CONSTRAINT ck_hub_approval_method
    CHECK (method IN ('PILOT_CRITERIA', 'GUID_LIST', 'WHOLE_ESTATE', 'SPLIT_MATCH'));
CREATE INDEX ix_hub_approval_decision ON hub_approval (decision_id);
-- V6's second index on (release_id, hub_id) is not rebuilt: the primary key serves every lookup by those columns.
