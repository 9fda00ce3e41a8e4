package uk.co.dcc.chfirmware.audit;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import uk.co.dcc.chfirmware.insight.ReleaseProgress;
import uk.co.dcc.chfirmware.insight.ReleaseProgressView;
import uk.co.dcc.chfirmware.release.ReleaseNotFoundException;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.release.ReleaseStage;
import uk.co.dcc.chfirmware.release.ReleaseStatus;
import uk.co.dcc.chfirmware.release.ReleaseTarget;
import uk.co.dcc.chfirmware.release.ReleaseView;
import uk.co.dcc.chfirmware.rollout.HeldBackCounts;
import uk.co.dcc.chfirmware.rollout.HubsHeldBack;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * A release's page (R17): its stages with their dates from the engine's history (the model's collapsed stage
 * sub-processes and the steps in them, each activity once however many instances it had, so no count of suppliers shows),
 * its deadlines (the policy's windows, the cut-offs, the open tasks' due dates) and its figures, for DCC all of them, for
 * a CSP its region's, for a supplier its own hubs'. Works the same once the release has ended.
 */
@Service
class ReleaseHistory {

    private static final Set<String> STEP_TYPES = Set.of("subProcess", "userTask", "serviceTask", "callActivity",
            "businessRuleTask", "noneEndEvent", "terminateEndEvent", "errorEndEvent", "sendTask");

    private final ReleaseService releases;
    private final ReleaseProgressView progress;
    private final HistoryService history;
    private final TaskService tasks;
    private final JdbcTemplate jdbc;
    private final IdentityService identity;
    private final HeldBackCounts heldBack;

    ReleaseHistory(ReleaseService releases, ReleaseProgressView progress, HistoryService history, TaskService tasks,
                   JdbcTemplate jdbc, IdentityService identity, HeldBackCounts heldBack) {
        this.heldBack = heldBack;
        this.identity = identity;
        this.releases = releases;
        this.progress = progress;
        this.history = history;
        this.tasks = tasks;
        this.jdbc = jdbc;
    }

    /** The page's facts other than the decisions ({@link AuditTrail}), as the reader may see them. */
    record Page(long releaseId, String release, String status, List<Phase> phases, List<Step> stages,
                List<Deadline> deadlines, Figures figures) {
    }

    /**
     * When the release entered a phase ({@code release_phase}, kept by the product after the engine's history is cleaned
     * up); how many suppliers had hubs of the variant then is DCC's alone.
     */
    record Phase(String phase, Instant startedAt, Integer suppliersWithHubs) {
    }

    /**
     * One step of the release's process: a stage sub-process ({@code parent} null) or an activity in one.
     * {@code ended} null: still running.
     */
    record Step(String activityId, String name, String type, String stage, String parent, Instant started, Instant ended) {
    }

    /** A deadline: a window of the policy (ISO 8601 duration) or a point in time. */
    record Deadline(String name, String window, Instant at, Instant due) {
    }

    /**
     * The figures: the release's progress (DCC both regions, a CSP its own), the rollout figures frozen when it ended
     * (by scope: ALL or a region), or a supplier's own hubs; and while it is open, why its hubs still to go are not going
     * yet ({@code heldBack}: DCC of every hub, a CSP of its region's, a supplier of its own, counted as the publication
     * decides; no supplier named).
     */
    record Figures(ReleaseProgress progress, List<Map<String, Object>> frozen, OwnHubs ownHubs, HubsHeldBack heldBack) {
    }

    /** A supplier's own hubs of the release's variant: how many, approved by it, upgraded, failed, on the new firmware. */
    record OwnHubs(long hubs, long approvedByYou, long upgraded, long failed, long onTargetFirmware) {
    }

    Page page(long releaseId, AuditReader reader) {
        ReleaseView release = releases.find(releaseId).orElseThrow(() -> new ReleaseNotFoundException(releaseId));
        return new Page(releaseId, (release.variantName() == null ? "unknown variant" : release.variantName())
                + " firmware " + release.firmwareVersion(), release.status(), phases(releaseId, reader),
                stages(release.processInstanceId()),
                deadlines(releaseId, release.processInstanceId(), reader),
                release.variantId() == null ? new Figures(null, List.of(), null, null)
                        : figures(releaseId, reader, ReleaseStatus.valueOf(release.status()).hasEnded()));
    }

    private List<Phase> phases(long releaseId, AuditReader reader) {
        return jdbc.query("SELECT phase, started_at, suppliers_with_hubs FROM release_phase WHERE release_id = ? ORDER BY started_at",
                (rs, row) -> new Phase(rs.getString(1), AuditReader.instant(rs.getObject(2, LocalDateTime.class)),
                        reader.dcc() ? (Integer) rs.getObject(3, Integer.class) : null), releaseId);
    }

    private List<Step> stages(String processInstanceId) {
        if (processInstanceId == null) {
            return List.of();
        }
        List<HistoricActivityInstance> instances = withoutUser(() -> history.createHistoricActivityInstanceQuery()
                .processInstanceId(processInstanceId).list());
        Map<String, HistoricActivityInstance> byId = new LinkedHashMap<>();
        instances.forEach(instance -> byId.put(instance.getId(), instance));
        Map<String, Step> steps = new LinkedHashMap<>();
        instances.stream().filter(instance -> STEP_TYPES.contains(instance.getActivityType()))
                .sorted(Comparator.comparing(HistoricActivityInstance::getStartTime)
                        .thenComparing(HistoricActivityInstance::getId))
                .forEach(instance -> steps.merge(instance.getActivityId(), step(instance, stageOf(instance, byId)),
                        ReleaseHistory::spanning));
        return new ArrayList<>(steps.values());
    }

    /** The sub-process the activity runs in (through a multi-instance body), or null at the top. */
    private static String stageOf(HistoricActivityInstance instance, Map<String, HistoricActivityInstance> byId) {
        HistoricActivityInstance parent = byId.get(instance.getParentActivityInstanceId());
        while (parent != null && !"subProcess".equals(parent.getActivityType())) {
            parent = byId.get(parent.getParentActivityInstanceId());
        }
        return parent == null ? null : parent.getActivityId();
    }

    private static Step step(HistoricActivityInstance instance, String parent) {
        return new Step(instance.getActivityId(), instance.getActivityName(), instance.getActivityType(),
                ReleaseStage.ofActivity(instance.getActivityId()).map(Enum::name).orElse(null), parent,
                instance.getStartTime().toInstant(), instance.getEndTime() == null ? null : instance.getEndTime().toInstant());
    }

    /** Several instances of one activity as one step: from the first start to the last end (none while one runs). */
    private static Step spanning(Step a, Step b) {
        Instant ended = a.ended() == null || b.ended() == null ? null : a.ended().isAfter(b.ended()) ? a.ended() : b.ended();
        return new Step(a.activityId(), a.name(), a.type(), a.stage(), a.parent(),
                a.started().isBefore(b.started()) ? a.started() : b.started(), ended);
    }

    private List<Deadline> deadlines(long releaseId, String processInstanceId, AuditReader reader) {
        List<Deadline> deadlines = new ArrayList<>();
        jdbc.query("""
                SELECT feedback_window, assessment_window, pilot_choice_window, approval_cutoff FROM firmware_release
                WHERE id = ?""", rs -> {
            window(deadlines, "Customer feedback window", rs.getString(1));
            window(deadlines, "Pilot assessment window", rs.getString(2));
            window(deadlines, "Pilot choice window", rs.getString(3));
            window(deadlines, "Approval cut-off after the co-operative phase starts", rs.getString(4));
        }, releaseId);
        jdbc.query("SELECT cutoff_at FROM release_cutoff WHERE release_id = ?", rs -> {
            deadlines.add(new Deadline("Cut-off for every supplier", null,
                    AuditReader.instant(rs.getObject(1, LocalDateTime.class)), null));
        }, releaseId);
        if (reader.dcc() || reader.supplierCode() != null) {
            jdbc.query("SELECT supplier_code, cutoff_at FROM supplier_cutoff WHERE release_id = ? AND (? OR supplier_code = ?)"
                    + " ORDER BY supplier_code", rs -> {
                deadlines.add(new Deadline(reader.dcc() ? "Cut-off for " + rs.getString(1) : "Your cut-off", null,
                        AuditReader.instant(rs.getObject(2, LocalDateTime.class)), null));
            }, releaseId, reader.dcc(), reader.supplierCode());
        }
        if (processInstanceId != null) {
            withoutUser(() -> tasks.createTaskQuery().processInstanceId(processInstanceId).dueAfter(new Date(0))
                    .orderByDueDate().asc().list())
                    .forEach(task -> deadlines.add(new Deadline(task.getName(), null, null, task.getDueDate().toInstant())));
        }
        return deadlines;
    }

    /**
     * The engine's answer without the caller's engine authorizations: the page shows every actor the release's own
     * steps and due dates (never a supplier's instance), which a supplier's or CSP's engine permissions do not cover.
     */
    private <T> T withoutUser(Supplier<T> query) {
        Authentication caller = identity.getCurrentAuthentication();
        identity.clearAuthentication();
        try {
            return query.get();
        } finally {
            if (caller != null) {
                identity.setAuthentication(caller);
            }
        }
    }

    private static void window(List<Deadline> deadlines, String name, String window) {
        if (window != null) {
            deadlines.add(new Deadline(name, window, null, null));
        }
    }

    /** The figures of a release with a variant (a refused registration has none, and no figures). */
    private Figures figures(long releaseId, AuditReader reader, boolean ended) {
        if (reader.dcc()) {
            return new Figures(progress.progress(releaseId, List.of(CspRegion.values())), frozen(releaseId, null), null,
                    ended ? null : heldBack.heldBack(releaseId, null, null));
        }
        if (reader.cspRegion() != null) {
            CspRegion region = CspRegion.valueOf(reader.cspRegion());
            return new Figures(progress.progress(releaseId, List.of(region)), frozen(releaseId, reader.cspRegion()), null,
                    ended ? null : heldBack.heldBack(releaseId, region, null));
        }
        if (reader.supplierCode() != null) {
            return new Figures(null, List.of(), ownHubs(releaseId, reader.supplierCode()),
                    ended ? null : heldBack.heldBack(releaseId, null, reader.supplierCode()));
        }
        return new Figures(null, List.of(), null, null);
    }

    private List<Map<String, Object>> frozen(long releaseId, String region) {
        return jdbc.queryForList("""
                SELECT scope AS "scope", hubs_remaining AS "hubsRemaining", hubs_awaiting_prerequisite AS "hubsAwaitingPrerequisite",
                       awaiting_failed AS "awaitingFailed", awaiting_skipped AS "awaitingSkipped",
                       awaiting_no_report AS "awaitingNoReport", frozen_at AS "frozenAt"
                FROM rollout_final_figures WHERE release_id = ? AND (? OR scope = ?) ORDER BY scope""",
                releaseId, region == null, region == null ? "" : region);
    }

    /** A supplier's own hubs of the release (electricity or gas), each counted once; no other supplier's figure. */
    private OwnHubs ownHubs(long releaseId, String supplier) {
        ReleaseTarget target = releases.target(releaseId);
        return jdbc.queryForObject("""
                SELECT COUNT(*),
                       SUM(CASE WHEN EXISTS (SELECT 1 FROM hub_approval a WHERE a.release_id = ? AND a.hub_id = h.id
                                             AND a.supplier_code = ?) THEN 1 ELSE 0 END),
                       SUM(CASE WHEN EXISTS (%1$s AND bh.outcome = 'SUCCEEDED') THEN 1 ELSE 0 END),
                       SUM(CASE WHEN EXISTS (%1$s AND bh.outcome = 'FAILED')
                                 AND NOT EXISTS (%1$s AND bh.outcome = 'SUCCEEDED') THEN 1 ELSE 0 END),
                       SUM(CASE WHEN h.firmware_version = ? THEN 1 ELSE 0 END)
                FROM comms_hub h WHERE h.variant_id = ? AND (h.electricity_supplier = ? OR h.gas_supplier = ?)""".formatted("""
                SELECT 1 FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id
                WHERE b.release_id = ? AND bh.hub_id = h.id AND bh.superseded = FALSE AND b.status <> 'CANCELLED'"""),
                (rs, row) -> new OwnHubs(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)),
                releaseId, supplier, releaseId, releaseId, releaseId, target.firmwareVersion(), target.variantId(),
                supplier, supplier);
    }
}
