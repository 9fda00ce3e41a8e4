package uk.co.dcc.chfirmware.approval;

import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.schema.ProductJavaMigration;

/**
 * Migration 74 (issue 13, item 1): whole-estate decisions make their hubs eligible as rows per decision, not per hub.
 * The split-supplier join marks a decision eligible ({@code supplier_decision.eligible_seq}, {@code eligible_through_hub}:
 * the highest hub id when it was joined) instead of writing an {@code eligible_hub} row for each hub whose only supplier
 * took it, and marks the two disclosures of a pair of suppliers' decisions, once each was disclosed to the other
 * ({@code decision_disclosure.paired_seq}, {@code paired_through_hub}), instead of a row for each of their split hubs
 * ({@link SplitSupplierJoin}, {@code HubReleaseStatus.eligibleFor}). A CSP's approved-GUID stream orders both by one
 * number, so the rows' {@code seq}, the decisions' {@code eligible_seq} and the pairs' {@code paired_seq} come from one sequence, {@code eligibility_seq}
 * (it was the rows' identity), starting above every {@code seq} handed out: a CSP's cursor stays valid.
 */
@Component
class EligibilityByDecisionMigration extends ProductJavaMigration {

    EligibilityByDecisionMigration() {
        super("74", "eligibility by whole-estate decision", 74);
    }

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement sql = context.getConnection().createStatement()) {
            long next;
            try (ResultSet max = sql.executeQuery("SELECT COALESCE(MAX(seq), 0) + 1 FROM eligible_hub")) {
                max.next();
                next = max.getLong(1);
            }
            sql.execute("CREATE SEQUENCE eligibility_seq START WITH " + next);
            sql.execute("ALTER TABLE eligible_hub ALTER COLUMN seq DROP IDENTITY");
            sql.execute("ALTER TABLE eligible_hub ALTER COLUMN seq SET DEFAULT nextval('eligibility_seq')");
            sql.execute("ALTER TABLE supplier_decision ADD COLUMN eligible_seq BIGINT");
            sql.execute("ALTER TABLE supplier_decision ADD COLUMN eligible_through_hub BIGINT");
            sql.execute("ALTER TABLE supplier_decision ADD COLUMN eligible_at TIMESTAMP");
            sql.execute("ALTER TABLE decision_disclosure ADD COLUMN paired_seq BIGINT");
            sql.execute("ALTER TABLE decision_disclosure ADD COLUMN paired_through_hub BIGINT");
        }
    }
}
