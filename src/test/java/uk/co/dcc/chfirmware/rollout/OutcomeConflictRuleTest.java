package uk.co.dcc.chfirmware.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * Issue 14, item 7: two reports for one hub that the CSP posts in either order, in two posts or in one, end as the same
 * recorded outcome. Each case posts the two reports for one hub in one order and for another hub of the same batch in
 * the other order, and compares what the batch recorded for both: same reported_at with FAILED and SKIPPED (FAILED
 * wins), same reported_at and result with different error codes (the first alphabetically), and two successes reported
 * at different times (the earlier).
 */
@ApplicationTest
class OutcomeConflictRuleTest extends ApiTestSupport {

    private static final String CSP = "csp-central-south";
    private static final String HEADER = "guid,result,firmware_version,reported_at,error_code\n";
    private static final String AT = "2026-11-25T02:00:00Z";

    private String version;
    private long batchId;
    private List<String> guids;

    @BeforeEach
    void publishAMassRolloutInCentralSouth() {
        version = ReleaseDriver.uniqueVersion();
        ProcessInstance release = driver.runToMassRollout(5, version);
        long releaseId = (Long) engine.getRuntimeService().getVariable(release.getId(), "releaseId");
        batchId = jdbc.queryForObject("SELECT MIN(id) FROM upgrade_batch WHERE release_id = ?", Long.class, releaseId);
        HttpResponse<String> csv = api.get(CSP, "/api/batches/" + batchId + "/guids");
        assertThat(csv.statusCode()).isEqualTo(200);
        guids = csv.body().lines().skip(1).toList();
        assertThat(guids).hasSizeGreaterThan(20);
    }

    @Test
    void shouldRecordAFailureOverASkipReportedAtTheSameInstantWhicheverArrivesFirst() {
        Map<String, Object> one = inTwoPosts(guids.get(0), ",FAILED,," + AT + ",E_HAN_BUSY", ",SKIPPED,," + AT + ",");
        Map<String, Object> other = inTwoPosts(guids.get(1), ",SKIPPED,," + AT + ",", ",FAILED,," + AT + ",E_HAN_BUSY");
        assertThat(one).containsEntry("outcome", "FAILED").containsEntry("error_code", "E_HAN_BUSY").isEqualTo(other);

        Map<String, Object> inOnePost = inOnePost(guids.get(2), ",SKIPPED,," + AT + ",", ",FAILED,," + AT + ",E_HAN_BUSY");
        Map<String, Object> reversed = inOnePost(guids.get(3), ",FAILED,," + AT + ",E_HAN_BUSY", ",SKIPPED,," + AT + ",");
        assertThat(inOnePost).containsEntry("outcome", "FAILED").isEqualTo(reversed).isEqualTo(one);
    }

    @Test
    void shouldRecordTheFirstErrorCodeAlphabeticallyOfTwoFailuresAtTheSameInstantWhicheverArrivesFirst() {
        Map<String, Object> one = inTwoPosts(guids.get(4), ",FAILED,," + AT + ",E_NO_RESPONSE", ",FAILED,," + AT + ",E_HAN_BUSY");
        Map<String, Object> other = inTwoPosts(guids.get(5), ",FAILED,," + AT + ",E_HAN_BUSY", ",FAILED,," + AT + ",E_NO_RESPONSE");
        assertThat(one).containsEntry("error_code", "E_HAN_BUSY").isEqualTo(other);

        Map<String, Object> inOnePost = inOnePost(guids.get(6), ",FAILED,," + AT + ",E_NO_RESPONSE", ",FAILED,," + AT + ",E_HAN_BUSY");
        assertThat(inOnePost).isEqualTo(one);
    }

    @Test
    void shouldRecordTheEarlierOfTwoSuccessesWhicheverArrivesFirst() {
        String earlier = ",SUCCEEDED," + version + ",2026-11-25T01:00:00Z,";
        String later = ",SUCCEEDED," + version + ",2026-11-25T03:00:00Z,";
        Map<String, Object> one = inTwoPosts(guids.get(7), later, earlier);
        Map<String, Object> other = inTwoPosts(guids.get(8), earlier, later);
        assertThat(one).containsEntry("outcome", "SUCCEEDED").isEqualTo(other);
        assertThat(one.get("reported_at").toString()).isEqualTo(other.get("reported_at").toString());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub WHERE guid IN (?, ?) AND firmware_version = ?", Long.class,
                guids.get(7), guids.get(8), version)).isEqualTo(2);
    }

    /** Posts the first report, then the second in a post of its own; the hub's recorded outcome after both. */
    private Map<String, Object> inTwoPosts(String guid, String first, String second) {
        post(guid + first);
        post(guid + second);
        return recorded(guid);
    }

    /** Posts both reports in one post, in the order given; the hub's recorded outcome after it. */
    private Map<String, Object> inOnePost(String guid, String first, String second) {
        post(guid + first + "\n" + guid + second);
        return recorded(guid);
    }

    private void post(String lines) {
        api.json(api.post(CSP, "/api/batches/" + batchId + "/outcomes", "text/csv", HEADER + lines + "\n"), 200);
    }

    private Map<String, Object> recorded(String guid) {
        return jdbc.queryForMap("""
                SELECT bh.outcome, bh.firmware_version, bh.reported_at, bh.error_code FROM batch_hub_member bh
                JOIN comms_hub h ON h.id = bh.hub_id WHERE bh.batch_id = ? AND h.guid = ?""", batchId, guid);
    }
}
