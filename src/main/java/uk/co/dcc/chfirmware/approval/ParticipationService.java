package uk.co.dcc.chfirmware.approval;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.co.dcc.chfirmware.approval.stance.Stance;
import uk.co.dcc.chfirmware.approval.stance.StanceService;
import uk.co.dcc.chfirmware.approval.stance.StanceSource;
import uk.co.dcc.chfirmware.release.ReleaseService;

/**
 * What each supplier does with a release's pilot (R9, R10): pilot on chosen hubs, opt out, or approve its
 * whole estate; then its assessment of the pilot. The approvals themselves are {@link ApprovalService}'s. What the
 * choice and the assessment say of the supplier's other hubs is its stance ({@link StanceService}): a whole estate and a
 * confirmed pilot approve its estate for the mass rollout, problems reported hold it; opting out, or letting the
 * assessment lapse, leaves it undecided until its cut-off.
 */
@Service
public class ParticipationService {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ReleaseService releases;
    private final ApprovalService approvals;
    private final StanceService stances;

    public ParticipationService(JdbcTemplate jdbc, Clock clock, ReleaseService releases, ApprovalService approvals,
                                StanceService stances) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.releases = releases;
        this.approvals = approvals;
        this.stances = stances;
    }

    /**
     * Approves up to {@code criteria.hubCount()} of the supplier's own hubs for the pilot, within the
     * release's pilot cap: not yet on the release's firmware, in the region and configuration sets asked
     * for, vulnerable premises only if explicitly included, single-supplier hubs first.
     */
    @Transactional
    public SupplierDecision choosePilot(long releaseId, String supplierCode, PilotCriteria criteria, String decidedBy) {
        int cap = releases.policy(releaseId).pilotCapPerSupplier();
        recordChoice(releaseId, supplierCode, "PILOT", decidedBy);
        return approvals.approveByCriteria(releaseId, supplierCode, criteria, Math.min(criteria.hubCount(), cap), decidedBy);
    }

    /** What {@link #choosePilot} would approve with these criteria, within the pilot cap; nothing is recorded. */
    public SelectionPreview previewPilot(long releaseId, String supplierCode, PilotCriteria criteria) {
        int cap = releases.policy(releaseId).pilotCapPerSupplier();
        return approvals.preview(releaseId, supplierCode, criteria.capped(cap));
    }

    /** Approves every one of the supplier's hubs of the release's variant, on its side (R9, R15). */
    @Transactional
    public SupplierDecision approveWholeEstate(long releaseId, String supplierCode, String decidedBy) {
        recordChoice(releaseId, supplierCode, "WHOLE_ESTATE", decidedBy);
        stances.record(releaseId, supplierCode, Stance.APPROVED, null, null, StanceSource.WHOLE_ESTATE,
                "whole estate approved in the pilot task", decidedBy);
        return approvals.approveWholeEstate(releaseId, supplierCode, decidedBy);
    }

    @Transactional
    public void optOut(long releaseId, String supplierCode, String decidedBy) {
        recordChoice(releaseId, supplierCode, "OPT_OUT", decidedBy);
    }

    /**
     * The pilot choice deadline passed without a choice: recorded as NO_CHOICE, which leaves the supplier undecided (its
     * hubs wait for its cut-off). A pilot selection it had previewed but not confirmed approved nothing, and stays so.
     */
    @Transactional
    public void recordChoiceLapse(long releaseId, String supplierCode) {
        recordChoice(releaseId, supplierCode, "NO_CHOICE", null);
    }

    /** The supplier confirms success or reports problems with its pilot (R10). */
    public void recordAssessment(long releaseId, String supplierCode, String assessment, String problemReport,
                                 String assessedBy) {
        checkAssessment(assessment, problemReport);
        assess(releaseId, supplierCode, assessment, problemReport, assessedBy);
        if ("CONFIRMED".equals(assessment)) {
            stances.record(releaseId, supplierCode, Stance.APPROVED, null, null, StanceSource.PILOT_CONFIRMED,
                    "pilot confirmed", assessedBy);
        } else {
            String report = problemReport.replace("\r", "").trim();
            stances.record(releaseId, supplierCode, Stance.HELD, null, null, StanceSource.PROBLEMS_REPORTED,
                    "problems reported in the pilot: " + (report.length() > 1900 ? report.substring(0, 1900) + "…" : report),
                    assessedBy);
        }
    }

    /** A pilot assessment confirms success, or reports problems and says which. */
    static void checkAssessment(Object assessment, Object problemReport) {
        if (!"CONFIRMED".equals(assessment) && !"PROBLEMS_REPORTED".equals(assessment)) {
            throw new IllegalArgumentException("pilotAssessment: must be CONFIRMED or PROBLEMS_REPORTED, was " + assessment);
        }
        if ("PROBLEMS_REPORTED".equals(assessment) && (problemReport == null || problemReport.toString().isBlank())) {
            throw new IllegalArgumentException("problemReport: describe the problems found");
        }
    }

    /** The assessment deadline passed without an assessment. */
    public void recordLapse(long releaseId, String supplierCode) {
        assess(releaseId, supplierCode, "DEADLINE_PASSED", null, null);
    }

    public PilotSummary summary(long releaseId) {
        return jdbc.queryForObject("""
                SELECT COUNT(*),
                       SUM(CASE WHEN pilot_outcome = 'CONFIRMED' THEN 1 ELSE 0 END),
                       SUM(CASE WHEN pilot_outcome = 'PROBLEMS_REPORTED' THEN 1 ELSE 0 END),
                       SUM(CASE WHEN pilot_outcome = 'DEADLINE_PASSED' THEN 1 ELSE 0 END),
                       SUM(CASE WHEN choice = 'OPT_OUT' THEN 1 ELSE 0 END),
                       SUM(CASE WHEN choice = 'WHOLE_ESTATE' THEN 1 ELSE 0 END)
                FROM supplier_participation WHERE release_id = ?""",
                (rs, row) -> new PilotSummary(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6)), releaseId);
    }

    /**
     * Which supplier reported what problem in its pilot, one line each by supplier name: for DCC's form only (a task-local
     * variable of DCC's task, never a process variable).
     */
    public String problemReports(long releaseId) {
        List<String> lines = jdbc.query("""
                SELECT COALESCE(s.name, p.supplier_code), p.problem_report FROM supplier_participation p
                LEFT JOIN supplier s ON s.code = p.supplier_code
                WHERE p.release_id = ? AND p.pilot_outcome = 'PROBLEMS_REPORTED' ORDER BY p.supplier_code""",
                (rs, row) -> rs.getString(1) + ": " + (rs.getString(2) == null ? "(no description)" : rs.getString(2).strip()),
                releaseId);
        return lines.isEmpty() ? "No supplier reported a problem." : String.join("\n", lines);
    }

    /** How many of the release's hubs the supplier has approved. */
    public long approvedHubCount(long releaseId, String supplierCode) {
        Long count = jdbc.queryForObject("""
                SELECT (SELECT COUNT(*) FROM hub_approval WHERE release_id = ? AND supplier_code = ?)
                     + (SELECT COALESCE(SUM(hub_count), 0) FROM supplier_decision
                        WHERE release_id = ? AND supplier_code = ? AND method = 'WHOLE_ESTATE')""",
                Long.class, releaseId, supplierCode, releaseId, supplierCode);
        return count == null ? 0 : count;
    }

    private void recordChoice(long releaseId, String supplierCode, String choice, String decidedBy) {
        jdbc.update("""
                INSERT INTO supplier_participation (release_id, supplier_code, choice, chosen_by, chosen_at)
                VALUES (?, ?, ?, ?, ?)""", releaseId, supplierCode, choice, decidedBy, Timestamp.from(clock.instant()));
    }

    private void assess(long releaseId, String supplierCode, String outcome, String problemReport, String assessedBy) {
        jdbc.update("""
                UPDATE supplier_participation SET pilot_outcome = ?, problem_report = ?, assessed_by = ?, assessed_at = ?
                WHERE release_id = ? AND supplier_code = ?""", outcome, problemReport, assessedBy,
                Timestamp.from(clock.instant()), releaseId, supplierCode);
    }

    /** How the suppliers took part in a release's pilot. */
    public record PilotSummary(long suppliers, long confirmed, long problemsReported, long deadlinePassed, long optedOut,
                               long wholeEstate) {
    }
}
