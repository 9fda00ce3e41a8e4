-- Which release and supplier a process instance works for, written by the product when the instance starts, so that
-- delegates never take an id from a variable (issue 9; ARCHITECTURE.md). The release's own instance is bound by
-- firmware_release.process_instance_id (registration); a supplier's participation instance by this table; a batch's
-- instance by its business key (batch-<id>).

CREATE INDEX ix_firmware_release_instance ON firmware_release (process_instance_id);

CREATE TABLE participation_instance (
    process_instance_id VARCHAR(64) NOT NULL PRIMARY KEY,
    release_id          BIGINT      NOT NULL REFERENCES firmware_release (id),
    supplier_code       VARCHAR(32) NOT NULL REFERENCES supplier (code),
    started_at          TIMESTAMP   NOT NULL
);
CREATE INDEX ix_participation_instance_release ON participation_instance (release_id, supplier_code);
