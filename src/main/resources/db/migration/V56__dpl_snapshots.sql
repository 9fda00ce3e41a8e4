-- The DPL's trend (R33): one snapshot a day of the kept DPL counts (dpl_count), by configuration set and CH firmware
-- version, for the industry (scope '*', each hub once) and for each supplier (scope = its code, each of its hubs once).
-- Taken by a scheduled job on every node and on demand by DCC (insight/DplSnapshots.java): the day's row is claimed
-- first, so that two nodes never both take it, and the key on (scope, snapshot_day, ...) holds whatever happens.

CREATE TABLE dpl_snapshot_day (
    snapshot_day DATE                     PRIMARY KEY,
    taken_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    hubs         BIGINT                   NOT NULL
);

CREATE TABLE dpl_snapshot (
    scope            VARCHAR(32) NOT NULL,
    snapshot_day     DATE        NOT NULL,
    csp_region       VARCHAR(16) NOT NULL,
    variant_id       BIGINT      NOT NULL,
    firmware_version VARCHAR(32) NOT NULL,
    han_set_id       BIGINT      NOT NULL, -- 0: a hub whose HAN devices were never named (written behind the product's back)
    hubs             BIGINT      NOT NULL,
    CONSTRAINT pk_dpl_snapshot PRIMARY KEY (scope, snapshot_day, csp_region, variant_id, firmware_version, han_set_id)
);
