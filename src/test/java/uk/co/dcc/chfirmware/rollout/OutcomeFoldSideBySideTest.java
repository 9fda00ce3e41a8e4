package uk.co.dcc.chfirmware.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.rollout.outcomes.OutcomeFold;
import uk.co.dcc.chfirmware.rollout.outcomes.OutcomeIngest;
import uk.co.dcc.chfirmware.rollout.outcomes.OutcomeProperties;

/**
 * Issue 13, item 3: folders on several nodes fold different batches side by side. While another transaction holds one
 * batch's row (as a fold of it on another node does), a round of the folder folds the other batches' posts and returns
 * instead of waiting; the held batch's post stays logged, and the first round after the holder lets go folds it. Posts
 * that keep a batch held back to back cannot keep it from being folded: a deferred post that finds it lagging folds it.
 */
@ApplicationTest
class OutcomeFoldSideBySideTest extends ApiTestSupport {

    private static final String HEADER = "guid,result,firmware_version,reported_at,error_code\n";
    private static final String AT = "2026-11-25T02:00:00Z";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired OutcomeFold fold;
    @Autowired DataSource dataSource;
    @Autowired Clock clock;

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
     * Posts that hold a batch back to back keep the folder's rounds from it (each round leaves a batch another transaction
     * holds); so a deferred post that finds a post of its batch left unfolded for five fold intervals folds the batch
     * before it answers, waiting for the posts in flight. Here the batch is held (as by a post being logged) with an older
     * post unfolded; a deferred post queues behind the holder, and when it answers, the older post is folded.
     */
    @Test
    void shouldFoldABatchThatPostsKeptFromTheFolderWhenADeferredPostFindsItLagging() throws Exception {
        String version = ReleaseDriver.uniqueVersion();
        long batch = firstBatch(driver.runToMassRollout(5, version));
        List<String> guids = jdbc.queryForList("""
                SELECT h.guid FROM batch_hub_member bh JOIN comms_hub h ON h.id = bh.hub_id WHERE bh.batch_id = ?
                ORDER BY h.guid""", String.class, batch);
        String early = guids.get(0);
        String late = guids.get(1);
        ExecutorService csp = Executors.newSingleThreadExecutor();
        try (Connection postInFlight = dataSource.getConnection()) {
            postInFlight.setAutoCommit(false);
            holdWithAPostUnfolded(postInFlight, batch, early, version);
            // the early post has waited for a minute: far more than five rounds of the folder
            jdbc.update("UPDATE outcome_post SET logged_at = ? WHERE batch_id = ? AND folded_at IS NULL",
                    Timestamp.from(clock.instant().minus(Duration.ofMinutes(1))), batch);
            Future<OutcomeIngest.IngestResult> answer = csp.submit(() -> outcomes.ingest(batch, "text/csv",
                    new StringReader(HEADER + late + ",SUCCEEDED," + version + "," + AT + ",\n"), OutcomeProperties.Fold.DEFERRED));
            postInFlight.rollback();
            OutcomeIngest.IngestResult result = answer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            // (the application's folder may have taken the batch in the moment between the holder letting go and the post
            // taking it; then the early post was folded before the post looked, and the post itself is left to the folder)
            assertThat(recorded(batch, early)).as("the lagging post is folded when the deferred post answers")
                    .isEqualTo("SUCCEEDED");
            assertThat(result.received()).isEqualTo(1);
            if (result.folded()) {
                assertThat(recorded(batch, late)).isEqualTo("SUCCEEDED");
                assertThat(unfolded(batch)).isZero();
            }
        } finally {
            csp.shutdownNow();
        }
        // a deferred post to a batch that does not lag is answered at the log's commit, as before
        String third = guids.get(2);
        fold.foldBatch(batch); // what the folder may have left
        OutcomeIngest.IngestResult fresh = outcomes.ingest(batch, "text/csv",
                new StringReader(HEADER + third + ",FAILED,," + AT + ",E1\n"), OutcomeProperties.Fold.DEFERRED);
        assertThat(fresh.folded()).as("a post to a batch that does not lag is answered at the log's commit").isFalse();
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
