package uk.co.dcc.chfirmware.insight.evidence;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What each release of a CH variant showed of the co-operative phase (R38), one row per release, counted set-wise from
 * the product's own records in one statement: the customers' test feedback ({@code release_feedback}), the suppliers'
 * pilot choices and assessments ({@code supplier_participation}), the pilot's and the mass rollout's hubs by their latest
 * attempt ({@code batch_hub}, as every other view counts them), the hubs the suppliers held ({@code supplier_stance}), and
 * when each phase began ({@code release_phase}) with the customer testing's bounds from the decisions that open and close
 * it ({@code release_decision}). Nothing is read from the engine's history, which is cleaned up.
 */
@Component
class ReleaseEvidence {

    private static final String OUTCOMES = """
            SELECT o.release_id, SUM(o.hubs) AS hubs, SUM(o.upgraded) AS upgraded, SUM(o.failed) AS failed FROM (
              SELECT b.release_id,
                     b.guid_count - (SELECT COUNT(*) FROM batch_hub s WHERE s.batch_id = b.id AND s.superseded = TRUE) AS hubs,
                     (SELECT COUNT(*) FROM batch_hub s WHERE s.batch_id = b.id AND s.superseded = FALSE
                      AND s.outcome = 'SUCCEEDED') AS upgraded,
                     (SELECT COUNT(*) FROM batch_hub s WHERE s.batch_id = b.id AND s.superseded = FALSE
                      AND s.outcome = 'FAILED') AS failed
              FROM upgrade_batch b
              WHERE b.phase = '%s' AND b.status <> 'CANCELLED'
                AND b.release_id IN (SELECT id FROM firmware_release x WHERE %s)) o
            GROUP BY o.release_id""";

    /** Every figure of the releases the condition on {@code x} (a release) selects; its placeholder bound four times. */
    private static final String FIGURES = """
            SELECT r.id, r.variant_id, r.firmware_version, r.release_type, r.status, r.closed_stage,
                   r.customer_testing_required, r.pilot_required,
                   fb.positive, fb.negative,
                   pa.piloting, pa.whole_estate, pa.opted_out, pa.confirmed, pa.problems, pa.lapsed,
                   po.hubs AS pilot_hubs, po.upgraded AS pilot_upgraded, po.failed AS pilot_failed,
                   mo.hubs AS mass_hubs, mo.upgraded AS mass_upgraded, mo.failed AS mass_failed,
                   hs.suppliers_holding, hh.hubs_held,
                   ph.asked, ph.registered, ph.on_cpl, ph.pilot, ph.mass_rollout, ph.ended,
                   dd.testing_done, dd.feedback_assessed
            FROM firmware_release r
            LEFT JOIN (SELECT release_id, SUM(CASE WHEN outcome = 'POSITIVE' THEN 1 ELSE 0 END) AS positive,
                              SUM(CASE WHEN outcome = 'NEGATIVE' THEN 1 ELSE 0 END) AS negative
                       FROM release_feedback GROUP BY release_id) fb ON fb.release_id = r.id
            LEFT JOIN (SELECT release_id, SUM(CASE WHEN choice = 'PILOT' THEN 1 ELSE 0 END) AS piloting,
                              SUM(CASE WHEN choice = 'WHOLE_ESTATE' THEN 1 ELSE 0 END) AS whole_estate,
                              SUM(CASE WHEN choice = 'OPT_OUT' THEN 1 ELSE 0 END) AS opted_out,
                              SUM(CASE WHEN pilot_outcome = 'CONFIRMED' THEN 1 ELSE 0 END) AS confirmed,
                              SUM(CASE WHEN pilot_outcome = 'PROBLEMS_REPORTED' THEN 1 ELSE 0 END) AS problems,
                              SUM(CASE WHEN pilot_outcome = 'DEADLINE_PASSED' THEN 1 ELSE 0 END) AS lapsed
                       FROM supplier_participation GROUP BY release_id) pa ON pa.release_id = r.id
            LEFT JOIN (%1$s) po ON po.release_id = r.id
            LEFT JOIN (%2$s) mo ON mo.release_id = r.id
            LEFT JOIN (SELECT release_id, COUNT(DISTINCT supplier_code) AS suppliers_holding FROM supplier_stance
                       WHERE stance = 'HELD' GROUP BY release_id) hs ON hs.release_id = r.id
            LEFT JOIN (SELECT x.id AS release_id, COUNT(*) AS hubs_held
                       FROM firmware_release x JOIN comms_hub h ON h.variant_id = x.variant_id
                       WHERE %3$s AND EXISTS (SELECT 1 FROM supplier_stance t WHERE t.release_id = x.id AND t.stance = 'HELD'
                             AND (t.supplier_code = h.electricity_supplier OR t.supplier_code = h.gas_supplier)
                             AND (t.csp_region IS NULL OR t.csp_region = h.csp_region)
                             AND (t.configuration_set_id IS NULL OR t.configuration_set_id = h.configuration_set_id))
                       GROUP BY x.id) hh ON hh.release_id = r.id
            LEFT JOIN (SELECT release_id,
                              MAX(CASE WHEN phase = 'IN_APPROVAL' THEN suppliers_with_hubs END) AS asked,
                              MAX(CASE WHEN phase = 'IN_APPROVAL' THEN started_at END) AS registered,
                              MAX(CASE WHEN phase = 'ON_PRODUCTION_CPL' THEN started_at END) AS on_cpl,
                              MAX(CASE WHEN phase = 'PILOT' THEN started_at END) AS pilot,
                              MAX(CASE WHEN phase = 'MASS_ROLLOUT' THEN started_at END) AS mass_rollout,
                              MAX(CASE WHEN phase IN ('ROLLED_OUT', 'REJECTED', 'WITHDRAWN', 'STOPPED') THEN started_at END)
                                  AS ended
                       FROM release_phase GROUP BY release_id) ph ON ph.release_id = r.id
            LEFT JOIN (SELECT release_id, MAX(CASE WHEN stage = 'DCC_TESTING' THEN decided_at END) AS testing_done,
                              MAX(CASE WHEN stage = 'FEEDBACK_ASSESSMENT' THEN decided_at END) AS feedback_assessed
                       FROM release_decision GROUP BY release_id) dd ON dd.release_id = r.id
            WHERE r.firmware_version IS NOT NULL AND %4$s
            ORDER BY r.variant_id, r.registered_at, r.id""";

    private final JdbcTemplate jdbc;

    ReleaseEvidence(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The figures of every release of the variant, oldest first. */
    List<ReleaseFigures> ofVariant(long variantId) {
        return query("x.variant_id = ?", "r.variant_id = ?", variantId);
    }

    /** The figures of every release, by variant, oldest first. */
    List<ReleaseFigures> ofEveryVariant() {
        return query("1 = 1", "1 = 1", null);
    }

    private List<ReleaseFigures> query(String releases, String outer, Long variantId) {
        String sql = FIGURES.formatted(OUTCOMES.formatted("PILOT", releases), OUTCOMES.formatted("MASS_ROLLOUT", releases),
                releases, outer);
        Object[] args = variantId == null ? new Object[0] : new Object[] {variantId, variantId, variantId, variantId};
        return jdbc.query(sql, this::figures, args);
    }

    private ReleaseFigures figures(ResultSet rs, int row) throws SQLException {
        boolean testing = Boolean.TRUE.equals(rs.getObject("customer_testing_required", Boolean.class));
        long positive = rs.getLong("positive");
        long negative = rs.getLong("negative");
        long askedCount = rs.getLong("asked");
        Long asked = rs.wasNull() ? null : askedCount;
        Feedback feedback = testing ? new Feedback(asked, positive, negative,
                asked == null ? null : Math.max(0, asked - positive - negative)) : null;
        Pilot pilot = new Pilot(rs.getLong("piloting"), rs.getLong("whole_estate"), rs.getLong("opted_out"),
                rs.getLong("pilot_hubs"), rs.getLong("pilot_upgraded"), rs.getLong("pilot_failed"), rs.getLong("confirmed"),
                rs.getLong("problems"), rs.getLong("lapsed"));
        Phases phases = new Phases(instant(rs, "registered"), instant(rs, "testing_done"), instant(rs, "feedback_assessed"),
                instant(rs, "on_cpl"), instant(rs, "pilot"), instant(rs, "mass_rollout"), instant(rs, "ended"));
        return new ReleaseFigures(rs.getLong("id"), rs.getLong("variant_id"), rs.getString("firmware_version"),
                rs.getString("release_type"), rs.getString("status"), rs.getString("closed_stage"), testing,
                Boolean.TRUE.equals(rs.getObject("pilot_required", Boolean.class)), feedback, pilot,
                new Rollout(rs.getLong("mass_hubs"), rs.getLong("mass_upgraded"), rs.getLong("mass_failed")),
                new Holds(rs.getLong("suppliers_holding"), rs.getLong("hubs_held")), phases);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }

    /** One release's figures. */
    public record ReleaseFigures(long releaseId, long variantId, String firmwareVersion, String releaseType, String status,
                          String closedStage, boolean customerTestingRequired, boolean pilotRequired, Feedback feedback,
                          Pilot pilot, Rollout massRollout, Holds holds, Phases phases) {

        /** Whether the release's pilot is over: the mass rollout began after it, or the release ended in it. */
        boolean pilotOver() {
            return phases.pilot() != null && (phases.massRollout() != null || phases.ended() != null);
        }
    }

    /**
     * The customers' test feedback; {@code asked} the suppliers with hubs of the variant at registration, {@code none}
     * those of them that did not answer (both null where the release predates that record).
     */
    public record Feedback(Long asked, long positive, long negative, Long none) {
    }

    /** The pilot: suppliers' choices, the pilot hubs by their latest attempt, the suppliers' assessments. */
    public record Pilot(long suppliersPiloting, long suppliersApprovingWholeEstate, long suppliersOptingOut, long hubs,
                 long upgraded, long failed, long assessmentsConfirmed, long assessmentsReportingProblems,
                 long assessmentsLapsed) {

        /** Failed pilot hubs over pilot hubs; null without pilot hubs. */
        @JsonProperty
        public Double failureRate() {
            return hubs == 0 ? null : (double) failed / hubs;
        }

        /** Assessments that reported problems over assessments given (confirmed or problems; lapsed ones said nothing). */
        @JsonProperty
        public Double problemRate() {
            long assessed = assessmentsConfirmed + assessmentsReportingProblems;
            return assessed == 0 ? null : (double) assessmentsReportingProblems / assessed;
        }
    }

    /** The mass rollout's hubs by their latest attempt. */
    public record Rollout(long hubs, long upgraded, long failed) {

        @JsonProperty
        public Double failureRate() {
            return hubs == 0 ? null : (double) failed / hubs;
        }
    }

    /** The suppliers that held hubs of the release (any HELD row, ended or not) and the hubs those rows covered. */
    public record Holds(long suppliersHolding, long hubsHeld) {
    }

    /**
     * When each phase began: registered, DCC Testing's decision (customer testing begins), DCC's assessment of the
     * feedback (customer testing ends), on the production CPL, pilot, mass rollout, ended.
     */
    public record Phases(Instant registered, Instant testingDecided, Instant feedbackAssessed, Instant onProductionCpl,
                  Instant pilot, Instant massRollout, Instant ended) {

        /** Hours from registration to the production CPL, customer testing excepted (approvals, DCC testing, proving, OA). */
        @JsonProperty
        public Double approvalsHours() {
            Double all = hours(registered, onProductionCpl);
            Double testing = customerTestingHours();
            return all == null ? null : testing == null ? all : all - testing;
        }

        /** Hours of customer testing: from DCC Testing's decision to DCC's assessment of the customers' feedback. */
        @JsonProperty
        public Double customerTestingHours() {
            return feedbackAssessed == null ? null : hours(testingDecided, feedbackAssessed);
        }

        /** Hours on the production CPL before the pilot (or the mass rollout) was granted. */
        @JsonProperty
        public Double onProductionCplHours() {
            return hours(onProductionCpl, pilot != null ? pilot : massRollout != null ? massRollout : ended);
        }

        /** Hours of the pilot: from the OA to begin it to the OA for mass rollout (or the release's end). */
        @JsonProperty
        public Double pilotHours() {
            return hours(pilot, massRollout != null ? massRollout : ended);
        }

        /** Hours of the mass rollout, to the release's end. */
        @JsonProperty
        public Double massRolloutHours() {
            return hours(massRollout, ended);
        }

        private static Double hours(Instant from, Instant to) {
            return from == null || to == null ? null : Duration.between(from, to).toSeconds() / 3600.0;
        }
    }
}
