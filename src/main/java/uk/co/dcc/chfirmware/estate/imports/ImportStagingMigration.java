package uk.co.dcc.chfirmware.estate.imports;

import java.sql.Statement;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.schema.ProductJavaMigration;
import uk.co.dcc.chfirmware.schema.Databases;

/**
 * Migration 5.1: the estate import's staging tables. On PostgreSQL they are UNLOGGED (no WAL for rows
 * that live minutes and are truncated after each job) and unindexed (the merge hash-joins them); H2 has no
 * UNLOGGED and no hash join, so there they are ordinary tables with the indexes its nested loops need.
 * Spring Boot hands this bean to Flyway next to the SQL migrations.
 */
@Component
class ImportStagingMigration extends ProductJavaMigration {

    static final String STAGING_COLUMNS = """
            line_no              BIGINT      NOT NULL,
            guid                 VARCHAR(23) NOT NULL,
            variant_id           BIGINT,
            firmware_version     VARCHAR(32),
            csp_region           VARCHAR(16),
            electricity_supplier VARCHAR(32),
            gas_supplier         VARCHAR(32),
            install_date         DATE,
            vulnerable           BOOLEAN,
            configuration_set_id BIGINT,
            esme_model           VARCHAR(80),
            esme_firmware        VARCHAR(32),
            gsme_model           VARCHAR(80),
            gsme_firmware        VARCHAR(32),
            ihd_model            VARCHAR(80),
            ihd_firmware         VARCHAR(32),
            ppmid_model          VARCHAR(80),
            ppmid_firmware       VARCHAR(32)""";

    ImportStagingMigration() {
        super("5.1", "estate import staging", 51);
    }

    @Override
    public void migrate(Context context) throws Exception {
        boolean postgres = Databases.isPostgres(context.getConnection());
        String table = postgres ? "CREATE UNLOGGED TABLE " : "CREATE TABLE ";
        try (Statement sql = context.getConnection().createStatement()) {
            // One row per data line of the file being imported; only one import runs at a time.
            sql.execute(table + "estate_import_staging (" + STAGING_COLUMNS + ")");
            // The hubs the merge writes: new ones with their freshly allocated ids, changed ones with theirs.
            sql.execute(table + "estate_import_touched (line_no BIGINT NOT NULL, hub_id BIGINT NOT NULL, is_new BOOLEAN NOT NULL)");
            if (!postgres) {
                sql.execute("CREATE INDEX ix_estate_import_staging_line ON estate_import_staging (line_no)");
                sql.execute("CREATE INDEX ix_estate_import_staging_guid ON estate_import_staging (guid)");
                sql.execute("CREATE INDEX ix_estate_import_touched_line ON estate_import_touched (line_no)");
            }
        }
    }
}
