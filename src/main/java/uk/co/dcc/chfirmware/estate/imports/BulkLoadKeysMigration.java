package uk.co.dcc.chfirmware.estate.imports;

import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.schema.DropForeignKeysMigration;

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
class BulkLoadKeysMigration extends DropForeignKeysMigration {

    BulkLoadKeysMigration() {
        super("11", "estate bulk-load keys", Map.of(
                "comms_hub", Set.of("supplier", "ch_variant", "configuration_set"),
                "han_device", Set.of("comms_hub")));
    }
}
