package uk.co.dcc.chfirmware.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.SmallLimitsApplicationTest;
import uk.co.dcc.chfirmware.estate.ledger.HubReleaseStatus;

/**
 * Fresh planner statistics after bulk changes (docs/benchmarks.md, "Statistics after bulk changes"), here with a
 * threshold of 20 rows: on PostgreSQL a publication of at least that many hubs ANALYZEs {@code batch_member} (its words) and a join that
 * made at least that many hubs eligible by rows ANALYZEs {@code eligible_hub} (a whole estate's join is one row), once their transactions have committed; an approval
 * of at least that many hubs by rows per hub ANALYZEs {@code hub_approval} before its join (a whole estate's is one row); smaller ones do not. On H2, which keeps no such statistics, nothing is analysed and the steps run as ever.
 */
@SmallLimitsApplicationTest
class PlannerStatisticsTest extends ApiTestSupport {

    private static final long NEW_VARIANT = 4;

    @Autowired PlannerStatistics statistics;

    @Test
    void shouldAnalyseBatchMembersAfterALargePublicationAndEligibleHubAfterALargeJoinOnPostgresOnly() {
        boolean postgres = jdbc.execute((ConnectionCallback<Boolean>) connection ->
                connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres"));
        assertThat(statistics.analyzes()).isEqualTo(postgres);
        moveToAnHourOfItsOwn(); // so that the CSPs' hourly capacity here (150 hubs) cuts none of the pilots
        ProcessInstance release = driver.runToPilot(NEW_VARIANT, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);
        Map<String, Timestamp> before = lastAnalysed();

        driver.choosePilot(release, "celtic", Map.of("pilotHubCount", 5L));
        assertThat(lastAnalysed()).as("5 hubs approved, joined and published: below the threshold").isEqualTo(before);

        driver.complete(driver.supplierTasks(release, "UserTask_ChooseParticipation").get("aurora"),
                Map.of("participationChoice", "WHOLE_ESTATE"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub h WHERE h.variant_id = ? AND "
                + HubReleaseStatus.eligibleFor(Long.toString(releaseId)), Long.class, NEW_VARIANT)).isGreaterThanOrEqualTo(5 + 20);
        Map<String, Timestamp> afterJoin = lastAnalysed();
        driver.choosePilot(release, "brightwatt", Map.of("pilotHubCount", 25L));
        Map<String, Timestamp> afterPublication = lastAnalysed();

        if (postgres) {
            assertThat(afterJoin.get("eligible_hub")).as("a whole estate's join is its decision row: no eligible_hub rows")
                    .isEqualTo(before.get("eligible_hub"));
            assertThat(afterPublication.get("eligible_hub")).as("25 hubs approved by rows and joined: above the threshold")
                    .isNotNull().isAfter(afterJoin.getOrDefault("eligible_hub", new Timestamp(0)));
            assertThat(afterJoin.get("hub_approval")).as("a whole estate's approval is one decision row: no hub_approval rows")
                    .isEqualTo(before.get("hub_approval"));
            assertThat(afterPublication.get("hub_approval")).as("25 hubs approved: above the threshold").isNotNull()
                    .isAfter(afterJoin.getOrDefault("hub_approval", new Timestamp(0)));
            assertThat(afterJoin.get("batch_member")).as("after the whole estate's early publication (R39)").isNotNull()
                    .isAfter(before.getOrDefault("batch_member", new Timestamp(0)));
            assertThat(afterPublication.get("batch_member")).as("after a pilot publication of 25 hubs").isNotNull()
                    .isAfter(afterJoin.getOrDefault("batch_member", new Timestamp(0)));
        } else {
            assertThat(afterPublication).isEmpty();
        }
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id WHERE b.release_id = ?
                AND b.phase = 'PILOT'""", Long.class, releaseId)).as("the pilot publications ran as ever").isEqualTo(5 + 25);
    }

    /** When each fact table was last analysed by hand (not by autovacuum); none on H2. */
    private Map<String, Timestamp> lastAnalysed() {
        Map<String, Timestamp> analysed = new HashMap<>();
        if (statistics.analyzes()) {
            jdbc.query("SELECT relname, last_analyze FROM pg_stat_user_tables WHERE relname IN ('batch_member', 'eligible_hub', 'hub_approval')",
                    rs -> {
                        if (rs.getTimestamp(2) != null) {
                            analysed.put(rs.getString(1), rs.getTimestamp(2));
                        }
                    });
        }
        return analysed;
    }
}
