package uk.co.dcc.chfirmware.rollout;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.co.dcc.chfirmware.approval.ApprovalService;
import uk.co.dcc.chfirmware.approval.GuidListRejectedException;
import uk.co.dcc.chfirmware.approval.GuidProblem;
import uk.co.dcc.chfirmware.insight.EstateCounts;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.release.ReleaseTarget;

/**
 * Which hubs a rollout may publish, per hub: DCC removes hubs (by GUID or a supplier's all) from a release's
 * rollout (R18), and a supplier schedules its own hubs for a date (R19). GUID lists are staged and checked
 * set-wise; a GUID outside the caller's scope is answered exactly like one that does not exist, and a list
 * with any problem records nothing.
 */
@Service
public class RolloutHubs {

    static final String UNKNOWN = "no comms hub with this GUID for this release";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ReleaseService releases;
    private final RolloutControl control;
    private final RuntimeService runtime;
    private final EstateCounts counts;

    public RolloutHubs(JdbcTemplate jdbc, Clock clock, ReleaseService releases, RolloutControl control, RuntimeService runtime,
                       EstateCounts counts) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.releases = releases;
        this.control = control;
        this.runtime = runtime;
        this.counts = counts;
    }

    /** What a removal did: hubs newly excluded, and of them how many were taken out of open batches no CSP had fetched. */
    public record Removal(long excluded, long removedFromOpenBatches) {
    }

    /**
     * DCC removes hubs from the rollout: the GUIDs listed, or every hub of the supplier given. They are never
     * published for the release again; those in open batches no CSP has fetched are taken out of them. Hubs in
     * a batch a CSP holds stay in it: the CSP may still upgrade them, and their outcomes are recorded.
     */
    @Transactional
    public Removal exclude(long releaseId, List<String> guids, String supplierCode, String reason, String actor) {
        control.requireRunningRelease(releaseId);
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
        return new Removal(excluded, removed);
    }

    /** A supplier schedules its own hubs of the release (listed, or all of them) for a date: not published before it. */
    @Transactional
    public long schedule(long releaseId, String supplierCode, LocalDate date, List<String> guids, String actor) {
        control.requireRunningRelease(releaseId);
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
        return scheduled;
    }

    private static Object[] concat(List<Object> first, List<Object> rest) {
        List<Object> all = new ArrayList<>(first);
        all.addAll(rest);
        return all.toArray();
    }

    /** Takes excluded hubs out of the release's open batches whose external task no CSP has locked. */
    private long removeFromUnfetchedBatches(long releaseId) {
        List<String> unfetched = new ArrayList<>();
        for (ProcessInstance instance : control.batchInstances(releaseId, null)) {
            if (!control.isLocked(instance.getId())) {
                unfetched.add(instance.getId());
            }
        }
        long removed = 0;
        for (String instanceId : unfetched) {
            long batchId = (Long) runtime.getVariable(instanceId, BatchVariables.BATCH_ID);
            String removable = """
                    batch_id = ? AND outcome IS NULL
                    AND hub_id IN (SELECT x.hub_id FROM rollout_exclusion x WHERE x.release_id = ?)""";
            removed += counts.change(EstateCounts.Scope.release(releaseId), EstateCounts.Hubs.listedBefore(
                    "SELECT hub_id FROM batch_hub WHERE " + removable, batchId, releaseId),
                    () -> jdbc.update("DELETE FROM batch_hub WHERE " + removable, batchId, releaseId));
            jdbc.update("""
                    UPDATE upgrade_batch SET guid_count = (SELECT COUNT(*) FROM batch_hub bh WHERE bh.batch_id = upgrade_batch.id)
                    WHERE id = ?""", batchId);
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
            String guid = ApprovalService.canonical(raw);
            if (guid == null) {
                problems.add(new GuidProblem(i + 1, raw, "not a GUID such as 00-1B-C5-0A-12-34-56-78"));
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
