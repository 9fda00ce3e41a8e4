/**
 * Operations: health (the database, the engine, the job executor's backlog) and Prometheus metrics (outcomes ingested,
 * open batches per region, rollout progress, import progress, failed jobs and incidents), read at {@code /actuator} by
 * DCC and operations only (security.OpsEndpointGuard). Every figure is read from the database, so each node of a
 * cluster reports the same one (docs/operations.md); only the outcome counters are each node's own.
 */
package uk.co.dcc.chfirmware.ops;
