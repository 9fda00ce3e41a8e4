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
