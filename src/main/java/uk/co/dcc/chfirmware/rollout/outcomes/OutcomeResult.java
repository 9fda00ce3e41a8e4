package uk.co.dcc.chfirmware.rollout.outcomes;

/** What a CSP reports for one comms hub of a batch. */
enum OutcomeResult {
    /** The hub runs the release's firmware. Final: no later report overturns it. */
    SUCCEEDED,
    /** The CSP tried and the upgrade failed; the report carries the CSP's error code. */
    FAILED,
    /** The CSP did not try this hub (offline, excluded on site); it stays eligible for a later batch. */
    SKIPPED
}
