package uk.co.dcc.chfirmware.rules;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.schema.ProductJavaMigration;
import uk.co.dcc.chfirmware.rollout.VersionKey;

/**
 * Migration 71: a PREREQUISITE rule's version as its sortable key ({@link VersionKey}), kept beside the version as DCC's
 * prerequisite keeps its own ({@code rollout_control.prerequisite_key}), so that one condition over the rules table tells
 * which hubs the active rules hold, for the publication and for the hub status alike ({@code
 * HubReleaseStatus.heldByPrerequisiteRules}). The rules saved before it are keyed here, in Java, as the product keys them.
 */
@Component
class PrerequisiteKeyMigration extends ProductJavaMigration {

    PrerequisiteKeyMigration() {
        super("71", "supplier prerequisite key", 71);
    }

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement sql = context.getConnection().createStatement()) {
            sql.execute("ALTER TABLE supplier_rule ADD COLUMN prerequisite_key VARCHAR(200)");
            try (ResultSet rules = sql.executeQuery("SELECT id, prerequisite_version FROM supplier_rule "
                    + "WHERE prerequisite_version IS NOT NULL");
                 PreparedStatement key = context.getConnection().prepareStatement(
                         "UPDATE supplier_rule SET prerequisite_key = ? WHERE id = ?")) {
                while (rules.next()) {
                    key.setString(1, VersionKey.of(rules.getString(2)));
                    key.setLong(2, rules.getLong(1));
                    key.executeUpdate();
                }
            }
            sql.execute("ALTER TABLE supplier_rule ADD CONSTRAINT ck_supplier_rule_prerequisite_key "
                    + "CHECK ((prerequisite_version IS NULL) = (prerequisite_key IS NULL))");
        }
    }
}
