-- Issue 14, items 4-6: rollout figures frozen when a release ends, a minimum sample per release before a wave's
-- thresholds apply, and the CSPs' hourly capacity kept in the database so that a change applies to every node and
-- wakes the rollouts it held back. See docs/rollout-control.md.

-- The least number of hubs with an outcome (SUCCEEDED, FAILED, SKIPPED, or NO_REPORT when the batch closed) a wave's
-- thresholds are judged on; NULL: chfw.rollout.waves.minimum-sample.
ALTER TABLE rollout_control ADD COLUMN minimum_sample INTEGER;

-- What a wave was judged on: the hubs with an outcome in the sample, and its first wave (earlier waves join a wave's sample
-- when it alone has fewer reports than the minimum).
ALTER TABLE rollout_wave ADD COLUMN sample_reported BIGINT;
ALTER TABLE rollout_wave ADD COLUMN sample_from_wave INTEGER;

-- A release's rollout figures as they stood when it ended (scope ALL, or a CSP region), so that the rollout view no
-- longer counts hubs imported or changed after the end.
CREATE TABLE rollout_final_figures (
    release_id                 BIGINT      NOT NULL REFERENCES firmware_release (id),
    scope                      VARCHAR(16) NOT NULL,
    hubs_remaining             BIGINT      NOT NULL,
    hubs_awaiting_prerequisite BIGINT      NOT NULL,
    awaiting_failed            BIGINT      NOT NULL,
    awaiting_skipped           BIGINT      NOT NULL,
    awaiting_no_report         BIGINT      NOT NULL,
    frozen_at                  TIMESTAMP   NOT NULL,
    CONSTRAINT pk_rollout_final_figures PRIMARY KEY (release_id, scope)
);

-- DCC's hourly capacity per CSP region, over every release; without a row chfw.rollout.waves.max-hubs-per-hour-per-csp.
CREATE TABLE csp_hourly_capacity (
    csp_region        VARCHAR(16)   PRIMARY KEY,
    max_hubs_per_hour BIGINT        NOT NULL,
    reason            VARCHAR(2000) NOT NULL,
    changed_by        VARCHAR(64)   NOT NULL,
    changed_at        TIMESTAMP     NOT NULL,
    CONSTRAINT ck_csp_hourly_capacity CHECK (max_hubs_per_hour >= 1)
);
