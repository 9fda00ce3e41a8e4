package uk.co.dcc.chfirmware.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Every decision on a release, read from the tables that hold them, as one set of {@link AuditFact}s: DCC's, the CSPs'
 * and DCC Testing's decisions (release_decision), each supplier's test feedback, pilot choice and pilot assessment
 * (release_feedback, supplier_participation), approval decisions (supplier_decision), stance rows and their ends
 * (supplier_stance), cut-off changes (cutoff_change), standing rules applied (rule_application), event rules fired
 * (rule_firing), the rollout's events
 * (rollout_event: pauses, resumes, stops, extensions, settings, schedules, removals, retries) and the batches a CSP
 * rejected (upgrade_batch). The writers of those tables know nothing of the audit: a new decision is sealed when it is
 * first read here, and an edit to one of these rows after that no longer matches its sealed content.
 */
@Component
class AuditSources {

    /** The release-wide rollout events every actor is told of (without their words). */
    private static final String RELEASE_LEVEL_ROLLOUT = "'PAUSED', 'AUTO_PAUSED', 'RESUMED', 'EXTENDED', 'STOPPED', "
            + "'REGION_PAUSED', 'REGION_RESUMED'";

    /**
     * The facts, {@code f}, one branch per source; the placeholder takes the condition on {@code f}. Columns: release,
     * source key, kind, stage, decision, scope, comment, supplier, region, hubs, effective at, by, role, at, the
     * supplier and the region that see the fact whole, and whether every actor sees that it happened.
     */
    private static final String FACTS = """
            SELECT f.* FROM (
              SELECT release_id, 'release_decision:' || CAST(id AS VARCHAR(20)) AS source_key, 'RELEASE' AS kind, stage,
                     decision, CAST(NULL AS VARCHAR(200)) AS scope, comment, CAST(NULL AS VARCHAR(32)) AS supplier_code,
                     CASE WHEN stage LIKE 'CSP_APPROVAL_%%' THEN SUBSTRING(stage FROM 14) END AS csp_region,
                     CAST(NULL AS BIGINT) AS hub_count, CAST(NULL AS TIMESTAMP) AS effective_at, decided_by,
                     CASE WHEN stage LIKE 'CSP_APPROVAL%%' THEN 'CSP' WHEN stage = 'DCC_TESTING' THEN 'DCC_TESTING'
                          WHEN decided_by IS NULL THEN 'SYSTEM' ELSE 'DCC' END AS actor_role, decided_at,
                     CAST(NULL AS VARCHAR(32)) AS scope_supplier,
                     CASE WHEN stage LIKE 'CSP_APPROVAL_%%' THEN SUBSTRING(stage FROM 14) END AS scope_region,
                     1 AS release_level
              FROM release_decision
              UNION ALL
              SELECT release_id, 'release_feedback:' || CAST(release_id AS VARCHAR(20)) || ':' || supplier_code,
                     'CUSTOMER_FEEDBACK', 'CUSTOMER_TESTING', outcome, NULL, comments, supplier_code, NULL, NULL, NULL,
                     submitted_by, 'SUPPLIER', submitted_at, supplier_code, NULL, 0
              FROM release_feedback
              UNION ALL
              SELECT release_id, 'supplier_participation:' || CAST(release_id AS VARCHAR(20)) || ':' || supplier_code || ':choice',
                     'PILOT_PARTICIPATION', 'PILOT', choice, NULL, NULL, supplier_code, NULL, NULL, NULL, chosen_by,
                     CASE WHEN chosen_by IS NULL THEN 'SYSTEM' ELSE 'SUPPLIER' END, chosen_at, supplier_code, NULL, 0
              FROM supplier_participation
              UNION ALL
              SELECT release_id, 'supplier_participation:' || CAST(release_id AS VARCHAR(20)) || ':' || supplier_code || ':assessment',
                     'PILOT_ASSESSMENT', 'PILOT', pilot_outcome, NULL, problem_report, supplier_code, NULL, NULL, NULL,
                     assessed_by, CASE WHEN assessed_by IS NULL THEN 'SYSTEM' ELSE 'SUPPLIER' END, assessed_at,
                     supplier_code, NULL, 0
              FROM supplier_participation WHERE pilot_outcome IS NOT NULL AND assessed_at IS NOT NULL
              UNION ALL
              SELECT release_id, 'supplier_decision:' || CAST(id AS VARCHAR(20)), 'SUPPLIER_APPROVAL', 'APPROVAL', method,
                     NULL, basis, supplier_code, NULL, hub_count, NULL, decided_by,
                     CASE WHEN decided_by IS NULL THEN 'SYSTEM' ELSE 'SUPPLIER' END, decided_at, supplier_code, NULL, 0
              FROM supplier_decision
              UNION ALL
              SELECT release_id, 'supplier_stance:' || CAST(id AS VARCHAR(20)), 'SUPPLIER_STANCE', source, stance,
                     CASE WHEN configuration_set_id IS NULL THEN NULL
                          ELSE 'configuration set ' || CAST(configuration_set_id AS VARCHAR(20)) END,
                     reason, supplier_code, csp_region, NULL, NULL, decided_by,
                     CASE WHEN source = 'DCC_OVERRIDE' THEN 'DCC' ELSE 'SUPPLIER' END, decided_at, supplier_code, NULL, 0
              FROM supplier_stance
              UNION ALL
              SELECT release_id, 'supplier_stance:' || CAST(id AS VARCHAR(20)) || ':ended', 'SUPPLIER_STANCE_ENDED', source,
                     'ENDED', CASE WHEN configuration_set_id IS NULL THEN NULL
                          ELSE 'configuration set ' || CAST(configuration_set_id AS VARCHAR(20)) END,
                     end_reason, supplier_code, csp_region, NULL, NULL, ended_by,
                     CASE WHEN ended_by IS NULL THEN 'SYSTEM' WHEN ended_by = decided_by THEN 'SUPPLIER' ELSE 'DCC' END,
                     ended_at, supplier_code, NULL, 0
              FROM supplier_stance WHERE ended_at IS NOT NULL
              UNION ALL
              SELECT release_id, 'cutoff_change:' || CAST(id AS VARCHAR(20)), 'CUTOFF', 'CUTOFF', 'SET', NULL, reason,
                     supplier_code, NULL, NULL, cutoff_at, changed_by, 'DCC', changed_at, supplier_code, NULL,
                     CASE WHEN supplier_code IS NULL THEN 1 ELSE 0 END
              FROM cutoff_change
              UNION ALL
              SELECT a.release_id, 'rule_application:' || CAST(a.id AS VARCHAR(20)), 'RULE_APPLIED', 'APPROVAL', r.action,
                     'rule ' || CAST(r.id AS VARCHAR(20)), r.reason, r.supplier_code, r.csp_region, a.hubs, NULL,
                     r.created_by, 'SUPPLIER', a.applied_at, r.supplier_code, NULL, 0
              FROM rule_application a JOIN supplier_rule r ON r.id = a.rule_id
              UNION ALL
              SELECT f.release_id, 'rule_firing:' || CAST(f.id AS VARCHAR(20)), 'RULE_FIRED', r.event_kind, r.action,
                     'rule ' || CAST(r.id AS VARCHAR(20)) || ', ' || f.occurrence, f.outcome, r.supplier_code, r.csp_region,
                     f.hubs, NULL, r.created_by, 'SUPPLIER', f.fired_at, r.supplier_code, NULL, 0
              FROM rule_firing f JOIN supplier_rule r ON r.id = f.rule_id
              UNION ALL
              SELECT release_id, 'rollout_event:' || CAST(id AS VARCHAR(20)), 'ROLLOUT', 'ROLLOUT', action, NULL, detail,
                     NULL, csp_region, NULL, NULL, actor,
                     CASE WHEN actor IS NULL THEN 'SYSTEM' WHEN action IN ('REGION_PAUSED', 'REGION_RESUMED') THEN 'CSP'
                          WHEN action = 'SCHEDULED' THEN 'SUPPLIER' ELSE 'DCC' END, at, NULL, csp_region,
                     CASE WHEN action IN (%2$s) THEN 1 ELSE 0 END
              FROM rollout_event
              UNION ALL
              SELECT release_id, 'upgrade_batch:' || CAST(id AS VARCHAR(20)) || ':rejected', 'BATCH_REJECTED', phase,
                     'REJECTED', 'batch ' || CAST(id AS VARCHAR(20)), closed_reason, supplier_code, csp_region,
                     CAST(guid_count AS BIGINT), NULL, NULL, 'CSP', completed_at, supplier_code, csp_region, 0
              FROM upgrade_batch WHERE status = 'REJECTED' AND completed_at IS NOT NULL
            ) f WHERE %1$s""";

    private final JdbcTemplate jdbc;

    AuditSources(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The release's facts as their rows read now, oldest first. */
    List<AuditFact> facts(long releaseId) {
        return jdbc.query(sql("f.release_id = ?") + " ORDER BY f.decided_at, f.source_key", this::fact, releaseId);
    }

    /** The release's facts not yet in its chain, in the order they are to be sealed. */
    List<AuditFact> unsealed(long releaseId) {
        return jdbc.query(sql("f.release_id = ? AND NOT EXISTS (SELECT 1 FROM audit_record a WHERE a.source_key = f.source_key)")
                + " ORDER BY f.decided_at, f.source_key", this::fact, releaseId);
    }

    /** The releases with a fact not yet in their chain. */
    List<Long> releasesWithUnsealed() {
        return jdbc.queryForList("SELECT DISTINCT u.release_id FROM (" + sql(
                "NOT EXISTS (SELECT 1 FROM audit_record a WHERE a.source_key = f.source_key)") + ") u ORDER BY u.release_id",
                Long.class);
    }

    private static String sql(String condition) {
        return FACTS.formatted(condition, RELEASE_LEVEL_ROLLOUT);
    }

    private AuditFact fact(ResultSet rs, int row) throws SQLException {
        return new AuditFact(rs.getLong("release_id"), rs.getString("source_key"), rs.getString("kind"),
                rs.getString("stage"), rs.getString("decision"), rs.getString("scope"), rs.getString("comment"),
                rs.getString("supplier_code"), rs.getString("csp_region"), rs.getObject("hub_count", Long.class),
                rs.getObject("effective_at", LocalDateTime.class), rs.getString("decided_by"), rs.getString("actor_role"),
                rs.getObject("decided_at", LocalDateTime.class), rs.getString("scope_supplier"),
                rs.getString("scope_region"), rs.getInt("release_level") == 1);
    }
}
