package uk.co.dcc.chfirmware.estate;

import java.sql.Statement;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.schema.Databases;
import uk.co.dcc.chfirmware.schema.ProductJavaMigration;

/**
 * Migration 78: the estate's firmware updated in place (issue 13, item 3, "avoid non-HOT updates of the estate's hot
 * rows"). Every succeeded outcome sets {@code comms_hub.firmware_version}; with that column in an index
 * ({@code ix_comms_hub_variant_firmware}) each such update wrote a new tuple and an entry in every index of the table,
 * more than half of every fold's time (docs/benchmarks.md, "The estate's firmware in place"). Now no index holds the
 * column (the queries by firmware all name the variant, so an index on {@code variant_id} serves them, the version
 * filtered in the row), and on PostgreSQL the estate's pages are written half full ({@code fillfactor} 50), so that the
 * new version of a row fits on its page and the update is HOT: no index entry, and the old version is pruned from the
 * page once no one can see it. The price is space: the estate's heap takes about twice the pages. An estate loaded
 * before this migration gets the free space as its rows move: a row's first update goes to a half-full page, its later
 * ones stay there. H2 has neither fill factor nor HOT; there only the index changes.
 */
@Component
class FirmwareInPlaceMigration extends ProductJavaMigration {

    FirmwareInPlaceMigration() {
        super("78", "estate firmware updated in place", 78);
    }

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement sql = context.getConnection().createStatement()) {
            sql.execute("DROP INDEX ix_comms_hub_variant_firmware");
            sql.execute("CREATE INDEX ix_comms_hub_variant ON comms_hub (variant_id)");
            if (Databases.isPostgres(context.getConnection())) {
                sql.execute("ALTER TABLE comms_hub SET (fillfactor = 50)");
            }
        }
    }
}
