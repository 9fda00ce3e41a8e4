package uk.co.dcc.chfirmware.approval;

import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.schema.DropForeignKeysMigration;

/**
 * Migration 12: the three per-hub fact tables of a release lose the foreign keys PostgreSQL checks row by row.
 * A whole-estate approval, its join and the rollout's publication write one row per hub into each of
 * {@code hub_approval}, {@code eligible_hub} and {@code batch_hub}; measured at 1,000,000 hubs, the key triggers were
 * 55-76% of each insert (docs/benchmarks.md). Every row of these tables is written by one {@code INSERT ... SELECT}
 * from rows that exist (the hubs, the release, its batches), under the release's lock, and nothing deletes hubs,
 * releases or batches, so the checks guarded nothing the application can do. {@code hub_approval} keeps its
 * composite key to its decision (which also pins its release and supplier): one check per row, not per hub of a
 * table of millions.
 */
@Component
class PerHubFactKeysMigration extends DropForeignKeysMigration {

    PerHubFactKeysMigration() {
        super("12", "per-hub fact keys", Map.of(
                "hub_approval", Set.of("comms_hub"),
                "eligible_hub", Set.of("comms_hub", "firmware_release"),
                "batch_hub", Set.of("comms_hub", "upgrade_batch")));
    }
}
