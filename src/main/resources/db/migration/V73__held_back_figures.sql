-- The "held back" figures of a release (issue 11; rollout/waves/HeldBackFigures.java, docs/rollout-control.md), kept so
-- that reading them again costs a few rows instead of a draw over the variant's hubs: the last figures counted per
-- release and viewer scope (a CSP region or every region '*', a supplier's own hubs or every hub '*'), with when they
-- were counted and at which epoch. held_back_epoch counts the changes that may move the figures: per release, and in
-- row 0 those of every release (an import, a flag). Figures are reused while the epochs they were counted at stand and
-- they are younger than chfw.rollout.held-back-max-age; in the database, so that a change on one node is seen by all.
CREATE TABLE held_back_epoch (
    release_id BIGINT NOT NULL,
    epoch      BIGINT NOT NULL,
    CONSTRAINT pk_held_back_epoch PRIMARY KEY (release_id)
);
INSERT INTO held_back_epoch (release_id, epoch) VALUES (0, 0);

CREATE TABLE held_back_figures (
    release_id                      BIGINT      NOT NULL,
    csp_region                      VARCHAR(16) NOT NULL,
    supplier_code                   VARCHAR(32) NOT NULL,
    epoch                           BIGINT      NOT NULL,
    counted_at                      TIMESTAMP   NOT NULL,
    withheld_by_suppliers           BIGINT      NOT NULL,
    suspended_by_flags              BIGINT      NOT NULL,
    waiting_as_new_installs         BIGINT      NOT NULL,
    awaiting_prerequisite           BIGINT      NOT NULL,
    awaiting_supplier_prerequisites BIGINT      NOT NULL,
    CONSTRAINT pk_held_back_figures PRIMARY KEY (release_id, csp_region, supplier_code)
);
