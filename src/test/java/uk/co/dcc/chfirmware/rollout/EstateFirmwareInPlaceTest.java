package uk.co.dcc.chfirmware.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.rollout.outcomes.OutcomeFold;
import uk.co.dcc.chfirmware.rollout.outcomes.OutcomeProperties;
import uk.co.dcc.chfirmware.schema.Databases;

/**
 * Issue 13, item 3: the fold puts the succeeded hubs on the new firmware without a new tuple and index entries per hub
 * (migration 78: no index holds {@code comms_hub.firmware_version}, the estate's pages are half full), so the update is
 * HOT on PostgreSQL. Counted by PostgreSQL itself, in the fold's own transaction ({@code pg_stat_xact_user_tables}).
 * H2 has no HOT updates: there the test does not apply.
 */
@ApplicationTest
class EstateFirmwareInPlaceTest extends ApiTestSupport {

    private static final String HEADER = "guid,result,firmware_version,reported_at,error_code\n";

    @Autowired OutcomeFold fold;
    @Autowired DataSource dataSource;
    @Autowired PlatformTransactionManager transactions;

    @Test
    void shouldPutSucceededHubsOnTheNewFirmwareWithHotUpdates() {
        assumeTrue(Databases.isPostgres(dataSource), "HOT updates are PostgreSQL's");
        String version = ReleaseDriver.uniqueVersion();
        ProcessInstance release = driver.runToMassRollout(1, version);
        long releaseId = (Long) engine.getRuntimeService().getVariable(release.getId(), "releaseId");
        long batch = jdbc.queryForObject("SELECT MIN(id) FROM upgrade_batch WHERE release_id = ?", Long.class, releaseId);
        List<String> guids = jdbc.queryForList("""
                SELECT h.guid FROM batch_hub_member bh JOIN comms_hub h ON h.id = bh.hub_id WHERE bh.batch_id = ?
                ORDER BY h.guid""", String.class, batch);
        StringBuilder csv = new StringBuilder(HEADER);
        guids.forEach(guid -> csv.append(guid).append(",SUCCEEDED,").append(version).append(",2026-11-25T03:00:00Z,\n"));
        // The post and its fold in one transaction (both join it), so that no folder folds the post first and the
        // statistics read are the fold's.
        Map<String, Object> updates = new TransactionTemplate(transactions).execute(status -> {
            outcomes.ingest(batch, "text/csv", new StringReader(csv.toString()), OutcomeProperties.Fold.DEFERRED);
            fold.foldBatch(batch);
            return jdbc.queryForMap(
                    "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relname = 'comms_hub'");
        });
        long updated = ((Number) updates.get("n_tup_upd")).longValue();
        long hot = ((Number) updates.get("n_tup_hot_upd")).longValue();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub WHERE firmware_version = ?", Long.class, version))
                .as("every hub of the batch on the release's firmware").isEqualTo(guids.size());
        assertThat(updated).as("the fold updated each hub of the batch once").isEqualTo(guids.size());
        assertThat(hot).as("HOT updates of %d", updated).isGreaterThanOrEqualTo(updated * 9 / 10);
    }
}
