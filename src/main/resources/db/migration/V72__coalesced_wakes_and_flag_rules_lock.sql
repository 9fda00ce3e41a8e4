-- Coalesced wakes of a release's waiting rollout, pilots and early upgrades (issue 11: rollout/waves/WakeCoalescer.java,
-- docs/rollout-control.md): a supplier's approval, stance change or schedule asks for a wake; at most one is sent per
-- release per chfw.rollout.wake-coalesce, on whichever node claims it. due_at: a wake is asked for and is due then (NULL:
-- none pending); not_before: the earliest time the next wake may be sent (the last one sent plus the interval).
CREATE TABLE rollout_wake (
    release_id BIGINT    NOT NULL REFERENCES firmware_release (id),
    due_at     TIMESTAMP,
    not_before TIMESTAMP,
    CONSTRAINT pk_rollout_wake PRIMARY KEY (release_id)
);
CREATE INDEX ix_rollout_wake_due ON rollout_wake (due_at);

-- Held by a flag's raise and a release's registration while each looks for the other's FLAG_RAISED_ON_MY_SET firings
-- (rules/EventRules.java, docs/rules.md), so that one registered as a flag is raised is not missed by both.
INSERT INTO cluster_lock (name) VALUES ('flag-raised-rules');
