-- When each release entered each phase (R38: time in each stage, per variant across releases), kept by the product
-- itself because the engine's history is cleaned up a year after a release ends. One row per release and phase:
-- IN_APPROVAL (registered), ON_PRODUCTION_CPL, PILOT, MASS_ROLLOUT, and the status it ended with (ROLLED_OUT, REJECTED,
-- WITHDRAWN, STOPPED). suppliers_with_hubs: the suppliers responsible for comms hubs of the variant when the phase began,
-- the suppliers asked (for feedback, for the pilot); NULL where it was not recorded (rows taken from earlier records below).
CREATE TABLE release_phase (
    release_id          BIGINT      NOT NULL REFERENCES firmware_release (id),
    phase               VARCHAR(24) NOT NULL,
    started_at          TIMESTAMP   NOT NULL,
    suppliers_with_hubs INTEGER,
    CONSTRAINT pk_release_phase PRIMARY KEY (release_id, phase)
);

-- The releases before this table: their phases from what the product recorded when they began.
INSERT INTO release_phase (release_id, phase, started_at)
SELECT id, 'IN_APPROVAL', registered_at FROM firmware_release WHERE firmware_version IS NOT NULL;
INSERT INTO release_phase (release_id, phase, started_at)
SELECT release_id, 'ON_PRODUCTION_CPL', MIN(added_at) FROM production_cpl_entry GROUP BY release_id;
INSERT INTO release_phase (release_id, phase, started_at)
SELECT release_id, 'PILOT', MIN(decided_at) FROM release_decision
WHERE stage = 'PILOT_APPROVAL' AND decision = 'APPROVED' GROUP BY release_id;
INSERT INTO release_phase (release_id, phase, started_at)
SELECT release_id, 'MASS_ROLLOUT', MIN(decided_at) FROM release_decision
WHERE stage = 'MASS_ROLLOUT_APPROVAL' AND decision = 'APPROVED' GROUP BY release_id;
INSERT INTO release_phase (release_id, phase, started_at)
SELECT id, status, closed_at FROM firmware_release
WHERE firmware_version IS NOT NULL AND closed_at IS NOT NULL AND status IN ('ROLLED_OUT', 'REJECTED', 'WITHDRAWN', 'STOPPED');
