package uk.co.dcc.chfirmware.rollout.batches;

import java.sql.Statement;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.schema.Databases;
import uk.co.dcc.chfirmware.schema.ProductJavaMigration;

/**
 * Migration 76: on PostgreSQL, the number of distinct (CSP region, 64-id word) pairs of the estate as an extended
 * statistic, so that the planner knows that a publication's draw by words ({@code UpgradeBatchService}) groups a million
 * hubs into about 31,000 words (without it, it estimates a group per hub and sorts every hub to group them). H2 plans
 * the statement without it.
 */
@Component
class PoolWordStatisticsMigration extends ProductJavaMigration {

    PoolWordStatisticsMigration() {
        super("76", "statistics of the estate's words", 76);
    }

    @Override
    public void migrate(Context context) throws Exception {
        if (Databases.isPostgres(context.getConnection())) {
            try (Statement sql = context.getConnection().createStatement()) {
                sql.execute("CREATE STATISTICS st_comms_hub_word (ndistinct) ON csp_region, (id / 64) FROM comms_hub");
            }
        }
    }
}
