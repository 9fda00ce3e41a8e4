package uk.co.dcc.chfirmware.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.rollout.outcomes.OutcomeFold;
import uk.co.dcc.chfirmware.rollout.outcomes.OutcomeProperties;

/**
 * Issue 13, item 3: folders on several nodes fold different batches side by side. While another transaction holds one
 * batch's row (as a fold of it on another node does), a round of the folder folds the other batches' posts and returns
 * instead of waiting; the held batch's post stays logged, and the first round after the holder lets go folds it.
 */
@ApplicationTest
class OutcomeFoldSideBySideTest extends ApiTestSupport {

    private static final String HEADER = "guid,result,firmware_version,reported_at,error_code\n";
    private static final String AT = "2026-11-25T02:00:00Z";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired OutcomeFold fold;
    @Autowired DataSource dataSource;

    @Test
    void shouldFoldTheOtherBatchesWithoutWaitingForABatchHeldElsewhere() throws SQLException {
        String heldVersion = ReleaseDriver.uniqueVersion();
        String freeVersion = ReleaseDriver.uniqueVersion();
        long held = firstBatch(driver.runToMassRollout(5, heldVersion));
        long free = firstBatch(driver.runToMassRollout(1, freeVersion));
        String heldHub = firstGuid(held);
        String freeHub = firstGuid(free);

        try (Connection otherNode = dataSource.getConnection()) {
            otherNode.setAutoCommit(false);
            holdWithAPostUnfolded(otherNode, held, heldHub, heldVersion);
            post(free, freeHub, freeVersion);

            assertTimeoutPreemptively(PATIENCE, () -> {
                while (unfolded(free) > 0) {
                    fold.foldPending();
                    Thread.sleep(20);
                }
            }, "a round of the folder waited for the batch held elsewhere");
            assertThat(recorded(free, freeHub)).isEqualTo("SUCCEEDED");
            assertThat(unfolded(held)).as("the held batch's post is left for a later round").isPositive();
            assertThat(recorded(held, heldHub)).as("nothing of the held batch folded").isNull();
            otherNode.rollback();
        }

        assertTimeoutPreemptively(PATIENCE, () -> {
            while (unfolded(held) > 0) {
                fold.foldPending();
                Thread.sleep(20);
            }
        });
        assertThat(recorded(held, heldHub)).isEqualTo("SUCCEEDED");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub WHERE (guid = ? AND firmware_version = ?)"
                + " OR (guid = ? AND firmware_version = ?)", Long.class, heldHub, heldVersion, freeHub, freeVersion))
                .as("both hubs on their release's firmware").isEqualTo(2);
    }

    /**
     * Logs a post to the batch and takes its row as a fold on another node would; the application's own folder may fold
     * the post before the row is taken, so until a post is held unfolded, once more.
     */
    private void holdWithAPostUnfolded(Connection otherNode, long batchId, String guid, String version) throws SQLException {
        for (int attempt = 0; attempt < 10; attempt++) {
            post(batchId, guid, version);
            try (PreparedStatement lock = otherNode.prepareStatement("SELECT id FROM upgrade_batch WHERE id = ? FOR UPDATE")) {
                lock.setLong(1, batchId);
                lock.executeQuery().close();
            }
            if (unfolded(batchId) > 0) {
                return;
            }
            otherNode.rollback();
        }
        throw new IllegalStateException("The application's folder folded every post before the batch could be held");
    }

    private void post(long batchId, String guid, String version) {
        outcomes.ingest(batchId, "text/csv", new StringReader(HEADER + guid + ",SUCCEEDED," + version + "," + AT + ",\n"),
                OutcomeProperties.Fold.DEFERRED);
    }

    private long firstBatch(ProcessInstance release) {
        long releaseId = (Long) engine.getRuntimeService().getVariable(release.getId(), "releaseId");
        return jdbc.queryForObject("SELECT MIN(id) FROM upgrade_batch WHERE release_id = ?", Long.class, releaseId);
    }

    private String firstGuid(long batchId) {
        return jdbc.queryForObject("""
                SELECT MIN(h.guid) FROM batch_hub_member bh JOIN comms_hub h ON h.id = bh.hub_id WHERE bh.batch_id = ?""",
                String.class, batchId);
    }

    private long unfolded(long batchId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM outcome_post WHERE batch_id = ? AND folded_at IS NULL", Long.class,
                batchId);
    }

    private String recorded(long batchId, String guid) {
        return jdbc.query("""
                SELECT bh.outcome FROM batch_hub bh JOIN comms_hub h ON h.id = bh.hub_id WHERE bh.batch_id = ? AND h.guid = ?""",
                (rs, row) -> rs.getString(1), batchId, guid).stream().findFirst().orElse(null);
    }
}
