-- What the CSPs report back per comms hub (R13, R22): the outcome of each hub in each batch, with the
-- firmware version it reported, when it reported it and the CSP's error code. Hubs a CSP never reported
-- on are recorded NO_REPORT when the batch closes; like FAILED and SKIPPED hubs they stay eligible for a
-- later batch of the release.
ALTER TABLE batch_hub ADD COLUMN firmware_version VARCHAR(32);
ALTER TABLE batch_hub ADD COLUMN reported_at TIMESTAMP;
ALTER TABLE batch_hub ADD COLUMN error_code VARCHAR(64);
ALTER TABLE batch_hub ADD COLUMN recorded_at TIMESTAMP;
ALTER TABLE batch_hub DROP CONSTRAINT ck_batch_hub_outcome;
ALTER TABLE batch_hub ADD CONSTRAINT ck_batch_hub_outcome
    CHECK (outcome IN ('SUCCEEDED', 'FAILED', 'SKIPPED', 'NO_REPORT'));

-- A batch ends COMPLETED when its CSP completes it, REJECTED when the CSP reports the BATCH_REJECTED
-- business error (with its reason), CANCELLED when its release ends early.
ALTER TABLE upgrade_batch ADD COLUMN closed_reason VARCHAR(1000);
ALTER TABLE upgrade_batch DROP CONSTRAINT ck_upgrade_batch_status;
ALTER TABLE upgrade_batch ADD CONSTRAINT ck_upgrade_batch_status
    CHECK (status IN ('PUBLISHED', 'COMPLETED', 'REJECTED', 'CANCELLED'));

-- One posted outcome stream, staged line by line so that it is checked and merged set-wise in the
-- transaction of the post; the rows leave again before it commits.
CREATE TABLE outcome_staging (
    ingest_id        VARCHAR(36) NOT NULL,
    line_no          BIGINT      NOT NULL,
    guid             VARCHAR(23) NOT NULL,
    result           VARCHAR(16) NOT NULL,
    firmware_version VARCHAR(32),
    reported_at      TIMESTAMP   NOT NULL,
    error_code       VARCHAR(64)
);
CREATE INDEX ix_outcome_staging ON outcome_staging (ingest_id, guid);
