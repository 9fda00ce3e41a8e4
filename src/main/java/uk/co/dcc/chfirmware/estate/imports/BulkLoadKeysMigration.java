package uk.co.dcc.chfirmware.estate.imports;

import java.util.Map;
import java.util.Set;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.schema.ForeignKeys;

/**
 * Migration 11: the estate's two bulk-loaded tables lose the foreign keys that PostgreSQL checks row by row.
 * Importing a million comms hubs fired four key checks per hub (variant, two suppliers, configuration set) and
 * one per HAN device; measured, they were more than half the import (docs/estate-import.md). The import checks
 * every reference set-wise before it writes (an unknown supplier, variant or configuration set rejects the
 * file), devices are only ever written with their hub, and nothing deletes hubs or reference data, so the
 * checks guarded nothing the application can do. The tables that point at hubs from decisions and batches keep
 * theirs. The constraints had no names in V1, so they are found through the JDBC metadata, on either database.
 */
@Component
class BulkLoadKeysMigration implements JavaMigration {

    /** The bulk-loaded table, and the tables its dropped keys pointed at. */
    private static final Map<String, Set<String>> DROPPED = Map.of(
            "comms_hub", Set.of("supplier", "ch_variant", "configuration_set"),
            "han_device", Set.of("comms_hub"));

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("11");
    }

    @Override
    public String getDescription() {
        return "estate bulk-load keys";
    }

    @Override
    public Integer getChecksum() {
        return 11;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        for (Map.Entry<String, Set<String>> table : DROPPED.entrySet()) {
            ForeignKeys.drop(context.getConnection(), table.getKey(), table.getValue());
        }
    }
}
