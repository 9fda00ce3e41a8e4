package uk.co.dcc.chfirmware.approval;

import java.sql.Statement;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.schema.ProductJavaMigration;
import uk.co.dcc.chfirmware.schema.Databases;

/**
 * Migration 70: the split-supplier hubs by their pair of suppliers. A whole-estate decision disclosed to the other
 * supplier of split hubs is joined, counted and shown by looking up the hubs the decider shares with the recipient
 * ({@link SplitSupplierJoin}, {@code EstateCounts.disclosure}); through the single-supplier indexes that read every hub of
 * the recipient and filtered (77,555 index entries and as many heap pages for 2,689 hubs per pair at 1,000,000 hubs:
 * 15 s for one join's lookup under load, docs/benchmarks.md). On PostgreSQL the index holds only the split hubs (about
 * 15% of the estate) and carries the hub id, so the lookup reads the index alone once the table is vacuumed; the
 * queries say {@code electricity_supplier <> gas_supplier} so that the planner may use it. H2 has no partial or
 * covering indexes: there it is a plain index on the pair.
 */
@Component
class SplitPairIndexMigration extends ProductJavaMigration {

    SplitPairIndexMigration() {
        super("70", "split hubs by supplier pair", 70);
    }

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement sql = context.getConnection().createStatement()) {
            sql.execute(Databases.isPostgres(context.getConnection())
                    ? "CREATE INDEX ix_comms_hub_split_pair ON comms_hub (electricity_supplier, gas_supplier, variant_id) "
                            + "INCLUDE (id) WHERE electricity_supplier <> gas_supplier"
                    : "CREATE INDEX ix_comms_hub_split_pair ON comms_hub (electricity_supplier, gas_supplier, variant_id)");
        }
    }
}
