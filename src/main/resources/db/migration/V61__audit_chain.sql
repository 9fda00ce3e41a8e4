-- Release history and audit (issue 12, item 4; R17, R35; docs/audit.md). Every decision on a release, from whichever
-- table holds it, is sealed into this chain by the audit sealer, in the order it was sealed: the record's content as it
-- read then, who and when, and a SHA-256 hash over the previous record's hash, a random salt and the content. An edit
-- afterwards, of a decision row or of a chain row, no longer matches the chain, and verification names the record.
-- The decision tables' writers do not change: the sealer reads them (audit/AuditSources).
CREATE TABLE audit_record (
    release_id BIGINT         NOT NULL REFERENCES firmware_release (id),
    seq        BIGINT         NOT NULL,
    source_key VARCHAR(120)   NOT NULL,
    content    VARCHAR(20000) NOT NULL,
    actor      VARCHAR(64),
    at         TIMESTAMP      NOT NULL,
    salt       CHAR(32)       NOT NULL,
    prev_hash  CHAR(64)       NOT NULL,
    hash       CHAR(64)       NOT NULL,
    sealed_at  TIMESTAMP      NOT NULL,
    CONSTRAINT pk_audit_record PRIMARY KEY (release_id, seq),
    CONSTRAINT uq_audit_record_source UNIQUE (source_key)
);

-- The sealer's lock (shared/ClusterLock): two nodes sealing at once make one chain, one after the other.
INSERT INTO cluster_lock (name) VALUES ('audit-seal');
