package uk.co.dcc.chfirmware.rollout.waves;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.co.dcc.chfirmware.estate.GuidListRejectedException;
import uk.co.dcc.chfirmware.estate.GuidProblem;
import uk.co.dcc.chfirmware.estate.Guids;
import uk.co.dcc.chfirmware.estate.ledger.BatchMembers;
import uk.co.dcc.chfirmware.estate.ledger.EstateCounts;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.release.ReleaseStatus;
import uk.co.dcc.chfirmware.release.ReleaseTarget;
import uk.co.dcc.chfirmware.release.ReleaseView;
import uk.co.dcc.chfirmware.rollout.RolloutNotActiveException;
import uk.co.dcc.chfirmware.rollout.batches.BatchProcesses;
import uk.co.dcc.chfirmware.rollout.batches.BatchVariables;
import uk.co.dcc.chfirmware.rollout.batches.UpgradeBatchService;

/**
 * Which hubs a rollout may publish, per hub: DCC removes hubs (by GUID or a supplier's all) from a release's
 * rollout (R18) and puts hubs whose last attempt did not succeed back into it (R13); a supplier schedules its own
 * hubs for a date (R19). GUID lists are staged and checked set-wise; a GUID outside the caller's scope is answered
 * exactly like one that does not exist, and a list with any problem records nothing.
 */
@Service
public class RolloutHubs {

    static final String UNKNOWN = "no comms hub with this GUID for this release";
    /** The results of a latest mass-rollout attempt that DCC may ask to retry. */
    static final Set<String> RETRYABLE = Set.of("FAILED", "SKIPPED", "NO_REPORT");

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ReleaseService releases;
    private final RolloutControl control;
    private final RuntimeService runtime;
    private final UpgradeBatchService batches;
    private final RolloutWaves waves;
    private final EstateCounts counts;
    private final HeldBackEpochs heldBackEpochs;
    private final BatchProcesses batchProcesses;
    private final WakeCoalescer wakes;

    public RolloutHubs(JdbcTemplate jdbc, Clock clock, ReleaseService releases, RolloutControl control, RuntimeService runtime,
                       UpgradeBatchService batches, RolloutWaves waves, EstateCounts counts, BatchProcesses batchProcesses,
                       WakeCoalescer wakes, HeldBackEpochs heldBackEpochs) {
        this.wakes = wakes;
        this.heldBackEpochs = heldBackEpochs;
        this.jdbc = jdbc;
        this.clock = clock;
        this.releases = releases;
        this.control = control;
        this.runtime = runtime;
        this.batches = batches;
        this.waves = waves;
        this.counts = counts;
        this.batchProcesses = batchProcesses;
    }

    /** What a removal did: hubs newly excluded, and of them how many were taken out of open batches no CSP had fetched. */
    public record Removal(long excluded, long removedFromOpenBatches) {
    }

    /**
     * DCC removes hubs from the rollout: the GUIDs listed, or every hub of the supplier given. They are never
     * published for the release again; those in open batches no CSP has fetched are taken out of them. Hubs in
     * a batch a CSP holds stay in it: the CSP may still upgrade them, and their outcomes are recorded. A rollout or
     * pilot waiting for hubs it may publish is woken, as by an estate update: what held it may have been removed.
     */
    @Transactional
    public Removal exclude(long releaseId, List<String> guids, String supplierCode, String reason, String actor) {
        control.requireRunningRelease(releaseId);
        releases.lockForApprovals(releaseId); // no publication of the release draws from the pool meanwhile
        heldBackEpochs.changed(releaseId); // what it removes leaves the pool the figures count
        ReleaseTarget target = releases.target(releaseId);
        Timestamp now = now();
        long excluded;
        if (supplierCode != null) {
            excluded = jdbc.update("""
                    INSERT INTO rollout_exclusion (release_id, hub_id, reason, excluded_by, excluded_at)
                    SELECT CAST(? AS BIGINT), h.id, CAST(? AS VARCHAR(2000)), CAST(? AS VARCHAR(64)), CAST(? AS TIMESTAMP)
                    FROM comms_hub h WHERE h.variant_id = ?
                    AND (h.electricity_supplier = ? OR h.gas_supplier = ?)
                    AND NOT EXISTS (SELECT 1 FROM rollout_exclusion x WHERE x.release_id = ? AND x.hub_id = h.id)""",
                    releaseId, reason, actor, now, target.variantId(), supplierCode, supplierCode, releaseId);
        } else {
            String requestId = stage(guids);
            rejectUnknown(requestId, "h.variant_id = ?", List.of(target.variantId()));
            excluded = jdbc.update("""
                    INSERT INTO rollout_exclusion (release_id, hub_id, reason, excluded_by, excluded_at)
                    SELECT DISTINCT CAST(? AS BIGINT), h.id, CAST(? AS VARCHAR(2000)), CAST(? AS VARCHAR(64)), CAST(? AS TIMESTAMP)
                    FROM rollout_request_guid s JOIN comms_hub h ON h.guid = s.guid
                    WHERE s.request_id = ?
                    AND NOT EXISTS (SELECT 1 FROM rollout_exclusion x WHERE x.release_id = ? AND x.hub_id = h.id)""",
                    releaseId, reason, actor, now, requestId, releaseId);
            jdbc.update("DELETE FROM rollout_request_guid WHERE request_id = ?", requestId);
        }
        long removed = control.asSystem(() -> removeFromUnfetchedBatches(releaseId));
        control.record(releaseId, "HUBS_REMOVED", null, "%d hubs removed (%d taken out of open batches): %s"
                .formatted(excluded, removed, reason), actor);
        // A rollout or pilot waiting for publishable hubs looks again: the hubs that held it may be the ones removed.
        control.wake(releaseId, RolloutControl.MESSAGE_ESTATE_UPDATED);
        return new Removal(excluded, removed);
    }

    /** A supplier schedules its own hubs of the release (listed, or all of them) for a date: not published before it. */
    @Transactional
    public long schedule(long releaseId, String supplierCode, LocalDate date, List<String> guids, String actor) {
        control.requireRunningRelease(releaseId);
        heldBackEpochs.changed(releaseId);
        ReleaseTarget target = releases.target(releaseId);
        Timestamp notBefore = Timestamp.from(date.atStartOfDay(java.time.ZoneId.of("Europe/London")).toInstant());
        String own = "h.variant_id = ? AND (h.electricity_supplier = ? OR h.gas_supplier = ?)";
        List<Object> ownArgs = List.of(target.variantId(), supplierCode, supplierCode);
        String requestId = null;
        String hubs = "SELECT h.id FROM comms_hub h WHERE " + own;
        List<Object> hubArgs = ownArgs;
        if (guids != null && !guids.isEmpty()) {
            requestId = stage(guids);
            rejectUnknown(requestId, own, ownArgs);
            hubs = "SELECT h.id FROM rollout_request_guid s JOIN comms_hub h ON h.guid = s.guid WHERE s.request_id = ?";
            hubArgs = List.of(requestId);
        }
        jdbc.update("DELETE FROM hub_schedule WHERE release_id = ? AND supplier_code = ? AND hub_id IN (" + hubs + ")",
                concat(List.of(releaseId, supplierCode), hubArgs));
        long scheduled = jdbc.update("""
                INSERT INTO hub_schedule (release_id, hub_id, supplier_code, not_before, scheduled_by, scheduled_at)
                SELECT DISTINCT CAST(? AS BIGINT), x.id, CAST(? AS VARCHAR(32)), CAST(? AS TIMESTAMP), CAST(? AS VARCHAR(64)),
                       CAST(? AS TIMESTAMP) FROM (%s) x""".formatted(hubs),
                concat(List.of(releaseId, supplierCode, notBefore, actor == null ? "" : actor, now()), hubArgs));
        if (requestId != null) {
            jdbc.update("DELETE FROM rollout_request_guid WHERE request_id = ?", requestId);
        }
        control.record(releaseId, "SCHEDULED", null, "%d hubs of %s scheduled for %s".formatted(scheduled, supplierCode, date),
                actor);
        // a waiting rollout or pilot looks again once this commits: hubs scheduled earlier than before may go now (a
        // supplier's call, so its wakes are coalesced)
        wakes.askAfterCommit(releaseId);
        return scheduled;
    }

    /** What a retry request did: hubs put back for another attempt, and of a GUID list those with no such attempt. */
    public record Retry(long retried, long notRetryable) {
    }

    /**
     * DCC puts hubs back into the mass rollout for another attempt (R13, R18): those whose latest mass-rollout attempt
     * had one of the results given (FAILED, SKIPPED, NO_REPORT), all of them, one supplier's or the GUIDs listed. Hubs
     * removed from the rollout or already on the new firmware stay as they are. A rollout waiting for hubs it may
     * publish is woken; the next wave takes them (in hub-id order, within its size and the CSPs' hourly capacity).
     */
    @Transactional
    public Retry retry(long releaseId, List<String> results, String supplierCode, List<String> guids, String reason,
                       String actor) {
        ReleaseView release = control.requireRunningRelease(releaseId);
        if (!ReleaseStatus.MASS_ROLLOUT.name().equals(release.status())) {
            throw new RolloutNotActiveException("Release " + releaseId + " is not in mass rollout (" + release.status()
                    + "): only mass-rollout attempts are retried; hubs that failed in the pilot go into the mass rollout");
        }
        if (control.awaitsReviewOfHubsNotUpgraded(release)) {
            throw new RolloutNotActiveException("Nothing else is left in the rollout of release " + releaseId + ": DCC decides "
                    + "on the hubs not upgraded in Tasklist, task 'Review hubs not upgraded' (retry them all or finish)");
        }
        return retryInScope(releaseId, retryableResults(results), supplierCode, guids, reason, actor);
    }

    /**
     * DCC's review of the hubs not upgraded once nothing else is left in the rollout (R13, R18, task "Review hubs not
     * upgraded"): RETRY puts every one whose latest attempt failed or used up its attempts back into the pool, as the
     * retry over the API would; FINISH leaves them on the old firmware and the rollout ends. Either is recorded as a
     * rollout event with who decided and why. Another decision is refused.
     */
    @Transactional
    public void reviewHubsNotUpgraded(long releaseId, String decision, String comment, String actor) {
        switch (String.valueOf(decision)) {
            case "RETRY" -> retryInScope(releaseId, RETRYABLE, null, null, comment, actor);
            case "FINISH" -> {
                RolloutWaves.HubsNotUpgraded left = waves.hubsNotUpgraded(releaseId);
                String detail = "%d hubs left on the old firmware (%d failed, %d out of attempts): %s";
                control.record(releaseId, "FINISHED_WITHOUT_RETRY", null,
                        detail.formatted(left.total(), left.failed(), left.outOfAttempts(), comment), actor);
            }
            default -> throw new IllegalArgumentException("retryDecision: must be RETRY or FINISH, was " + decision);
        }
    }

    private Retry retryInScope(long releaseId, Set<String> outcomes, String supplierCode, List<String> guids, String reason,
                               String actor) {
        if (supplierCode != null && jdbc.queryForObject("SELECT COUNT(*) FROM supplier WHERE code = ?", Long.class,
                supplierCode) == 0) {
            throw new IllegalArgumentException("supplierCode: no supplier " + supplierCode);
        }
        releases.lockForApprovals(releaseId); // no publication of the release draws from the pool meanwhile
        heldBackEpochs.changed(releaseId); // what it retries comes back into the pool the figures count
        ReleaseTarget target = releases.target(releaseId);
        String requestId = null;
        String scope = "1 = 1";
        List<Object> scopeArgs = List.of();
        long listed = 0;
        if (supplierCode != null) {
            scope = "h.electricity_supplier = ? OR h.gas_supplier = ?";
            scopeArgs = List.of(supplierCode, supplierCode);
        } else if (guids != null) {
            requestId = stage(guids);
            rejectUnknown(requestId, "h.variant_id = ?", List.of(target.variantId()));
            scope = "h.guid IN (SELECT s.guid FROM rollout_request_guid s WHERE s.request_id = ?)";
            scopeArgs = List.of(requestId);
            listed = jdbc.queryForObject("SELECT COUNT(DISTINCT guid) FROM rollout_request_guid WHERE request_id = ?",
                    Long.class, requestId);
        }
        long retried = requestRetries(target, outcomes, scope, scopeArgs);
        if (requestId != null) {
            jdbc.update("DELETE FROM rollout_request_guid WHERE request_id = ?", requestId);
        }
        control.record(releaseId, "RETRY_REQUESTED", null, "%d hubs (%s%s) put back for another attempt: %s".formatted(retried,
                String.join(", ", outcomes.stream().sorted().toList()), supplierCode == null ? "" : ", of " + supplierCode,
                reason), actor);
        control.wake(releaseId, RolloutControl.MESSAGE_RETRY_REQUESTED);
        return new Retry(retried, guids == null ? 0 : listed - retried);
    }

    private static Set<String> retryableResults(List<String> results) {
        if (results == null || results.isEmpty()) {
            throw new IllegalArgumentException("results: say which to retry, one or more of FAILED, SKIPPED, NO_REPORT");
        }
        for (String result : results) {
            if (!RETRYABLE.contains(result)) {
                throw new IllegalArgumentException("results: " + result + " is not one of FAILED, SKIPPED, NO_REPORT"
                        + ("SUCCEEDED".equals(result) ? " (an upgraded hub is never retried)" : ""));
            }
        }
        return Set.copyOf(results);
    }

    /**
     * Marks the latest mass-rollout attempt of every hub in scope that had one of the outcomes as to be retried: the
     * hub is back in the rollout's pool ({@link HubPublication}). Returns how many hubs.
     */
    private long requestRetries(ReleaseTarget target, Set<String> outcomes, String scope, List<Object> scopeArgs) {
        List<Object> args = new ArrayList<>();
        args.add(now());
        args.addAll(outcomes);
        args.add(target.releaseId());
        args.add(target.variantId());
        args.add(target.firmwareVersion());
        args.addAll(scopeArgs);
        args.add(target.releaseId());
        return jdbc.update("""
                UPDATE batch_hub SET retry_requested_at = ?
                WHERE superseded = FALSE AND retry_requested_at IS NULL AND outcome IN (%s)
                  AND batch_id IN (SELECT id FROM upgrade_batch WHERE release_id = ? AND phase = 'MASS_ROLLOUT'
                                   AND status <> 'CANCELLED')
                  AND hub_id IN (SELECT h.id FROM comms_hub h WHERE h.variant_id = ? AND h.firmware_version <> ? AND (%s)
                                 AND NOT EXISTS (SELECT 1 FROM rollout_exclusion x WHERE x.release_id = ? AND x.hub_id = h.id))"""
                .formatted(outcomes.stream().map(outcome -> "?").collect(Collectors.joining(", ")), scope), args.toArray());
    }

    private static Object[] concat(List<Object> first, List<Object> rest) {
        List<Object> all = new ArrayList<>(first);
        all.addAll(rest);
        return all.toArray();
    }

    /**
     * Takes excluded hubs out of the release's open batches whose external task no CSP has locked; a hub taken out of
     * a repeat attempt counts by its attempt before again.
     */
    private long removeFromUnfetchedBatches(long releaseId) {
        List<ProcessInstance> unfetched = new ArrayList<>();
        for (ProcessInstance instance : control.batchInstances(releaseId, null)) {
            if (!control.isLocked(instance.getId())) {
                unfetched.add(instance);
            }
        }
        long removed = 0;
        for (ProcessInstance instance : unfetched) {
            String instanceId = instance.getId();
            long batchId = batchProcesses.batchIdOf(instance);
            String removable = "SELECT h.id FROM " + BatchMembers.hubsWithStateOf("m", "h", "bh")
                    + " WHERE m.batch_id = ? AND bh.outcome IS NULL"
                    + " AND h.id IN (SELECT x.hub_id FROM rollout_exclusion x WHERE x.release_id = ?)";
            // Counted together: a hub taken out of a repeat attempt stands by its attempt before again.
            removed += counts.change(EstateCounts.Scope.release(releaseId), EstateCounts.Hubs.listedBefore(
                    removable, batchId, releaseId), () -> {
                        Long hubs = jdbc.queryForObject("SELECT COUNT(*) FROM (" + removable + ") r", Long.class,
                                batchId, releaseId);
                        if (hubs == null || hubs == 0) {
                            return 0L;
                        }
                        jdbc.update("""
                                DELETE FROM batch_hub WHERE batch_id = ? AND outcome IS NULL
                                AND hub_id IN (SELECT x.hub_id FROM rollout_exclusion x WHERE x.release_id = ?)""",
                                batchId, releaseId);
                        // the excluded hubs' bits cleared, but for a hub with an outcome in the batch (it stays)
                        jdbc.update("""
                                UPDATE batch_member SET bits = BITAND(bits, BITNOT(COALESCE((
                                    SELECT %s FROM rollout_exclusion x
                                    WHERE x.release_id = ? AND x.hub_id / 64 = batch_member.word
                                      AND NOT EXISTS (SELECT 1 FROM batch_hub s WHERE s.batch_id = batch_member.batch_id
                                                      AND s.hub_id = x.hub_id AND s.outcome IS NOT NULL)), 0)))
                                WHERE batch_id = ? AND word IN (SELECT x.hub_id / 64 FROM rollout_exclusion x WHERE x.release_id = ?)"""
                                .formatted(BatchMembers.wordBits("x.hub_id")), releaseId, batchId, releaseId);
                        jdbc.update("DELETE FROM batch_member WHERE batch_id = ? AND bits = 0", batchId);
                        batches.reinstateLatestAttempts(releaseId,
                                "SELECT x.hub_id FROM rollout_exclusion x WHERE x.release_id = ?", releaseId);
                        return hubs;
                    });
            batches.recountGuids("id = ?", batchId);
            runtime.setVariable(instanceId, BatchVariables.GUID_COUNT,
                    jdbc.queryForObject("SELECT guid_count FROM upgrade_batch WHERE id = ?", Integer.class, batchId));
        }
        return removed;
    }

    private String stage(List<String> guids) {
        String requestId = UUID.randomUUID().toString();
        List<GuidProblem> problems = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>(guids.size());
        for (int i = 0; i < guids.size(); i++) {
            String raw = guids.get(i) == null ? "" : guids.get(i).trim();
            String guid = Guids.canonical(raw);
            if (guid == null) {
                problems.add(new GuidProblem(i + 1, raw, Guids.NOT_A_GUID));
            } else {
                rows.add(new Object[] {requestId, guid});
            }
        }
        if (!problems.isEmpty()) {
            throw new GuidListRejectedException("The GUID list has " + problems.size() + " problem(s); nothing was recorded",
                    problems.subList(0, Math.min(100, problems.size())), problems.size());
        }
        jdbc.batchUpdate("INSERT INTO rollout_request_guid (request_id, guid) VALUES (?, ?)", rows);
        return requestId;
    }

    /** Refuses the list if any GUID is not a hub the condition allows, all such GUIDs answered alike as unknown. */
    private void rejectUnknown(String requestId, String allowed, List<Object> allowedArgs) {
        String unknown = " FROM rollout_request_guid s WHERE s.request_id = ? AND NOT EXISTS (SELECT 1 FROM comms_hub h"
                + " WHERE h.guid = s.guid AND " + allowed + ")";
        List<Object> args = new ArrayList<>(List.of(requestId));
        args.addAll(allowedArgs);
        Long count = jdbc.queryForObject("SELECT COUNT(*)" + unknown, Long.class, args.toArray());
        if (count != null && count > 0) {
            List<GuidProblem> problems = jdbc.query("SELECT s.guid" + unknown + " ORDER BY s.guid LIMIT 100",
                    (rs, row) -> new GuidProblem(0, rs.getString(1), UNKNOWN), args.toArray());
            jdbc.update("DELETE FROM rollout_request_guid WHERE request_id = ?", requestId);
            throw new GuidListRejectedException("The GUID list has " + count + " unknown GUID(s); nothing was recorded",
                    problems, count);
        }
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }
}
