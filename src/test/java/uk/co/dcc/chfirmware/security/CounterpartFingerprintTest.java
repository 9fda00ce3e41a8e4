package uk.co.dcc.chfirmware.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;

/**
 * Issue 9, item 13 (R14, R34): what a supplier learns of the other side of its split-supplier hubs never singles out
 * one counterpart. Supplier A shares split hubs with two counterparts, X and Y; each approves its side over the API,
 * one after the other. A's notices, its list of hubs awaiting its approval and its estate summary may change only
 * once both have (counted together), so A cannot tell which of its hubs X approved and which Y did; and the same
 * holds for X when A then approves its side.
 */
@ApplicationTest
class CounterpartFingerprintTest extends ApiTestSupport {

    private static final long VARIANT = 3;

    private long releaseId;
    private String a;
    private String x;
    private String y;
    private List<String> sharedWithX;
    private List<String> sharedWithY;

    @BeforeEach
    void aSupplierWithTwoCounterparts() {
        releaseId = driver.releaseId(driver.runToProductionCpl(VARIANT, "6.3." + System.nanoTime() % 1_000_000));
        // A: the supplier with the most counterparts on the variant; X and Y two of them, X with a counterpart besides A.
        a = jdbc.queryForObject("""
                SELECT s FROM (SELECT h.electricity_supplier AS s, h.gas_supplier AS o FROM comms_hub h WHERE h.variant_id = ?
                               UNION ALL SELECT h.gas_supplier, h.electricity_supplier FROM comms_hub h WHERE h.variant_id = ?) p
                WHERE s IS NOT NULL AND o IS NOT NULL AND s <> o GROUP BY s ORDER BY COUNT(DISTINCT o) DESC, s
                FETCH FIRST 1 ROWS ONLY""", String.class, VARIANT, VARIANT);
        List<String> counterparts = counterparts(a);
        assertThat(counterparts).hasSizeGreaterThanOrEqualTo(2);
        x = counterparts.stream().filter(c -> counterparts(c).size() >= 2).findFirst().orElseThrow();
        y = counterparts.stream().filter(c -> !c.equals(x)).findFirst().orElseThrow();
        sharedWithX = shared(a, x, 3);
        sharedWithY = shared(a, y, 2);
    }

    @Test
    void shouldTellASupplierOfTheOtherSideOnlyWhenTwoCounterpartsCanBeCountedTogether() {
        View before = view(a);
        approve(x, sharedWithX);

        assertThat(view(a)).as("X alone approved: nothing of it reaches A").isEqualTo(before);

        approve(y, sharedWithY);

        View after = view(a);
        assertThat(after.notices()).hasSize(before.notices().size() + 1);
        assertThat(after.notices().get(0)).contains("has approved 5 of your split-supplier comms hubs")
                .contains("5 of them await your approval");
        List<String> all = new ArrayList<>(sharedWithX);
        all.addAll(sharedWithY);
        assertThat(after.awaiting()).containsExactlyInAnyOrderElementsOf(all);
        assertThat(after.statuses().getOrDefault("AWAITING_YOUR_APPROVAL", 0L))
                .isEqualTo(before.statuses().getOrDefault("AWAITING_YOUR_APPROVAL", 0L) + 5);

        // A approves its side of exactly those hubs; X, which has another counterpart, learns nothing of A alone.
        View xBefore = view(x);
        JsonNode match = api.json(api.postJson("supplier-" + a, "/api/releases/" + releaseId + "/approvals",
                "{\"method\":\"SPLIT_MATCH\"}"), 201);
        assertThat(match.get("hubCount").asLong()).isEqualTo(5);
        assertThat(view(x)).as("A alone approved X's hubs: nothing of it reaches X").isEqualTo(xBefore);
    }

    @Test
    void shouldNotLetASupplierThatApprovedFirstSeeWhenOneCounterpartFollowed() {
        List<String> mine = new ArrayList<>(sharedWithX);
        mine.addAll(sharedWithY);
        approve(a, mine);
        View before = view(a);
        assertThat(before.statuses().get("AWAITING_OTHER_SUPPLIER")).isGreaterThanOrEqualTo(5L);

        approve(x, sharedWithX);

        assertThat(view(a)).as("X's approval of hubs A approved first: A's statuses and notices unchanged").isEqualTo(before);

        approve(y, sharedWithY);

        View after = view(a);
        assertThat(after.notices()).hasSize(before.notices().size() + 1);
        assertThat(after.notices().get(0)).contains("has approved 5 of your split-supplier comms hubs")
                .doesNotContain("await your approval");
        assertThat(after.awaiting()).isEmpty();
    }

    @Test
    void shouldHaveToldASupplierOfEveryApprovalOnceEveryCounterpartHasApproved() {
        List<String> all = new ArrayList<>();
        for (String counterpart : counterparts(a)) {
            List<String> shared = jdbc.queryForList("""
                    SELECT h.guid FROM comms_hub h WHERE h.variant_id = ? AND h.firmware_version <> ?
                      AND ((h.electricity_supplier = ? AND h.gas_supplier = ?) OR (h.electricity_supplier = ? AND h.gas_supplier = ?))
                    ORDER BY h.id""", String.class, VARIANT, release().get("firmware_version"), a, counterpart, counterpart, a);
            approve(counterpart, shared);
            all.addAll(shared);
        }

        View after = view(a);
        assertThat(after.awaiting()).as("nothing is held back once nothing could be set apart").containsExactlyInAnyOrderElementsOf(all);
        assertThat(after.statuses().get("AWAITING_YOUR_APPROVAL")).isEqualTo((long) all.size());
        assertThat(after.notices()).hasSizeLessThan(counterparts(a).size());
    }

    private Map<String, Object> release() {
        return jdbc.queryForMap("SELECT firmware_version FROM firmware_release WHERE id = ?", releaseId);
    }

    /** What the supplier sees of the release: its notices about the other side, newest first; its list; its statuses. */
    private View view(String supplier) {
        JsonNode inbox = api.json(api.get("supplier-" + supplier, "/api/notifications?limit=1000"), 200);
        List<String> notices = new ArrayList<>();
        inbox.forEach(notice -> {
            if (notice.get("releaseId").asLong() == releaseId && notice.get("kind").asText().equals("OTHER_SUPPLIER_APPROVED")) {
                notices.add(notice.get("message").asText() + " @" + notice.get("createdAt").asText());
            }
        });
        List<String> awaiting = api.get("supplier-" + supplier, "/api/releases/" + releaseId
                + "/split-hubs/awaiting-your-approval").body().lines().skip(1).toList();
        Map<String, Long> statuses = new TreeMap<>();
        api.json(api.get("supplier-" + supplier, "/api/estate/summary"), 200).get("byOpenRelease").forEach(count -> {
            if (count.get("releaseId").asLong() == releaseId) {
                statuses.merge(count.get("status").asText(), count.get("hubs").asLong(), Long::sum);
            }
        });
        return new View(notices, awaiting, statuses);
    }

    private void approve(String supplier, List<String> guids) {
        api.json(api.post("supplier-" + supplier, "/api/releases/" + releaseId + "/approvals", "text/csv",
                "guid\n" + String.join("\n", guids) + "\n"), 201);
    }

    private List<String> counterparts(String supplier) {
        return jdbc.queryForList("""
                SELECT DISTINCT CASE WHEN h.electricity_supplier = ? THEN h.gas_supplier ELSE h.electricity_supplier END AS o
                FROM comms_hub h WHERE h.variant_id = ? AND h.electricity_supplier <> h.gas_supplier
                  AND ? IN (h.electricity_supplier, h.gas_supplier) ORDER BY o""", String.class, supplier, VARIANT, supplier);
    }

    private List<String> shared(String one, String other, int count) {
        List<String> guids = jdbc.queryForList("""
                SELECT h.guid FROM comms_hub h WHERE h.variant_id = ?
                  AND ((h.electricity_supplier = ? AND h.gas_supplier = ?) OR (h.electricity_supplier = ? AND h.gas_supplier = ?))
                ORDER BY h.id FETCH FIRST %d ROWS ONLY""".formatted(count), String.class, VARIANT, one, other, other, one);
        assertThat(guids).hasSize(count);
        return guids;
    }

    private record View(List<String> notices, List<String> awaiting, Map<String, Long> statuses) {
    }
}
