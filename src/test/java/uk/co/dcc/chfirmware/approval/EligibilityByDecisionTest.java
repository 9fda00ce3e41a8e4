package uk.co.dcc.chfirmware.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.TestVariantEstate;
import uk.co.dcc.chfirmware.estate.imports.EstateCsv;
import uk.co.dcc.chfirmware.estate.ledger.EstateCounts;
import uk.co.dcc.chfirmware.estate.ledger.HubReleaseStatus;
import uk.co.dcc.chfirmware.insight.ReleaseProgress;
import uk.co.dcc.chfirmware.insight.ReleaseProgressView;
import uk.co.dcc.chfirmware.insight.SupplierEstateView;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * Issue 13, item 1: whole-estate decisions make hubs eligible as rows per decision, not per hub. A variant of this
 * test's own, of three suppliers with hubs of their own, split hubs both ways round and a hub of one supplier for both
 * fuels; the suppliers approve their whole estates one after the other, hubs join the estate between, and a supplier
 * approves its whole estate a second time. After each step: the eligible hubs are exactly those the decisions cover
 * as the join found them (the hubs in the estate when it ran; a split hub once both sides' decisions were disclosed to
 * each other), no {@code eligible_hub} row is written for any of them, each CSP's incremental stream hands it exactly
 * the newly eligible hubs of its region, once, and the count it is told; the release's progress counts them; every
 * supplier's kept counts equal the live definition.
 */
@ApplicationTest
class EligibilityByDecisionTest extends ApiTestSupport {

    /** A variant of this run's own (from 1000 up, test-only): a database reused by an earlier run holds that one's hubs. */
    private long variant;
    private static final List<String> SUPPLIERS = List.of("aurora", "brightwatt", "celtic");

    @Autowired ApprovalService approvals;
    @Autowired SplitSupplierJoin join;
    @Autowired SupplierEstateView estateView;
    @Autowired ReleaseProgressView progressView;
    @Autowired EstateCounts counts;

    private final Map<Integer, String> guids = new HashMap<>();

    @Test
    void shouldMakeEligibleWhatTheDecisionsCoverWhenJoinedAndStreamEachHubOnce() {
        variant = jdbc.queryForObject("SELECT COALESCE(MAX(id), 999) + 1 FROM ch_variant WHERE id >= 1000",
                Long.class);
        TestVariantEstate estate = new TestVariantEstate(api, jdbc, variant, "Eligibility Systems", "EL-" + variant, "MATURE");
        StringBuilder file = new StringBuilder(EstateCsv.HEADER).append('\n');
        for (int n = 1; n <= 32; n++) {
            String electricity = n <= 10 ? "aurora" : n <= 16 ? "brightwatt" : n <= 22 ? "aurora" : n <= 26 ? "brightwatt"
                    : n <= 30 ? "aurora" : "aurora";
            String gas = n <= 16 ? "" : n <= 22 ? "brightwatt" : n <= 26 ? "aurora" : n <= 30 ? "celtic" : "aurora";
            file.append(line(n, electricity, gas)).append('\n');
        }
        estate.imported(file.toString());
        long releaseId = driver.releaseId(driver.runToProductionCpl(variant, ReleaseDriver.uniqueVersion()));
        Map<String, Set<String>> streamed = new HashMap<>();
        for (CspRegion region : CspRegion.values()) {
            streamed.put(region.name(), new HashSet<>(fetch(region, releaseId)));
            assertThat(streamed.get(region.name())).as("nothing approved yet").isEmpty();
        }

        SupplierDecision first = approvals.approveWholeEstateAndJoin(releaseId, "aurora", "aurora");
        assertEligible(releaseId, streamed, range(1, 10), range(31, 32));

        estate.imported(EstateCsv.HEADER + "\n" + line(33, "aurora", "") + "\n" + line(34, "aurora", "brightwatt") + "\n");
        assertEligible(releaseId, streamed, range(1, 10), range(31, 32));
        join.join(first); // joined again (a step run twice): it covers what it covered, and moves no count again
        assertEligible(releaseId, streamed, range(1, 10), range(31, 32));

        approvals.approveWholeEstateAndJoin(releaseId, "brightwatt", "brightwatt");
        // aurora has not been told of brightwatt's approval yet: it would single out brightwatt while celtic, its
        // other counterpart, has not approved (no counterpart fingerprints). So their split hubs wait.
        assertEligible(releaseId, streamed, range(1, 16), range(31, 32));

        approvals.approveWholeEstateAndJoin(releaseId, "celtic", "celtic");
        // Both told to aurora at once: every split hub eligible, 34 too (in the estate when the pair was joined), but not
        // 33, which joined the estate after aurora's decision was joined.
        assertEligible(releaseId, streamed, range(1, 32), List.of(34));

        approvals.approveWholeEstateAndJoin(releaseId, "aurora", "aurora");
        assertEligible(releaseId, streamed, range(1, 34));

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM eligible_hub WHERE release_id = ?", Long.class, releaseId))
                .as("no row per hub for any of it").isZero();
        assertThat(jdbc.queryForList("""
                SELECT supplier_code || '>' || recipient FROM decision_disclosure WHERE release_id = ? AND paired_seq IS NOT NULL
                ORDER BY 1""", String.class, releaseId)).as("both disclosures of each pair of decisions marked")
                .containsExactly("aurora>brightwatt", "aurora>celtic", "brightwatt>aurora", "celtic>aurora");
    }

    @SafeVarargs
    private void assertEligible(long releaseId, Map<String, Set<String>> streamed, List<Integer>... numbers) {
        Set<String> expected = new HashSet<>();
        for (List<Integer> some : numbers) {
            some.forEach(n -> expected.add(guids.get(n)));
        }
        List<String> eligible = jdbc.queryForList("SELECT h.guid FROM comms_hub h WHERE h.variant_id = ? AND "
                + HubReleaseStatus.eligibleFor(Long.toString(releaseId)), String.class, variant);
        assertThat(eligible).as("eligible by the definition").containsExactlyInAnyOrderElementsOf(expected);
        for (Long compiledFor : java.util.Arrays.asList(releaseId, null)) {
            assertThat(jdbc.queryForList("SELECT h.guid FROM comms_hub h JOIN firmware_release r ON r.id = ? WHERE h.variant_id = ? AND "
                    + counts.compiledEligibility(compiledFor), String.class, releaseId, variant))
                    .as("eligible as the counts tell it, compiled for %s", compiledFor == null ? "every open release" : "the release")
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM eligible_hub WHERE release_id = ?", Long.class, releaseId))
                .as("no eligible_hub row").isZero();

        ReleaseProgress progress = progressView.progress(releaseId, List.of(CspRegion.values()));
        for (CspRegion region : CspRegion.values()) {
            List<String> inRegion = jdbc.queryForList("SELECT guid FROM comms_hub WHERE variant_id = ? AND csp_region = ?",
                    String.class, variant, region.name()).stream().filter(expected::contains).toList();
            List<String> fetched = fetch(region, releaseId);
            assertThat(fetched).as("%s: the newly eligible hubs of its region, each once", region).doesNotHaveDuplicates()
                    .filteredOn(streamed.get(region.name())::contains).isEmpty();
            streamed.get(region.name()).addAll(fetched);
            assertThat(streamed.get(region.name())).as("%s: every eligible hub of its region, fetch by fetch", region)
                    .containsExactlyInAnyOrderElementsOf(inRegion);
            assertThat(new HashSet<>(fetch(region, releaseId, 0L))).as("%s: everything again from the start", region)
                    .containsExactlyInAnyOrderElementsOf(inRegion);
            assertThat(jdbc.queryForList("SELECT message FROM notification WHERE release_id = ? AND kind = 'GUIDS_APPROVED'"
                    + " AND recipient_group = ?", String.class, releaseId, region.cspGroup()).stream()
                    .mapToLong(message -> Long.parseLong(message.substring(0, message.indexOf(' ')))).sum())
                    .as("%s: the hubs its CSP was told of, notice by notice", region).isEqualTo(inRegion.size());
            assertThat(progress.regions().stream().filter(r -> r.cspRegion().equals(region.name())).findFirst().orElseThrow()
                    .approved()).as("%s: the release's progress counts them", region).isEqualTo(inRegion.size());
        }
        for (String supplier : SUPPLIERS) {
            assertThat(estateView.summary(supplier)).as("%s's kept counts", supplier).isEqualTo(estateView.liveSummary(supplier));
        }
    }

    /** What the region's CSP fetches since its last fetch, checked against the count it is told. */
    private List<String> fetch(CspRegion region, long releaseId) {
        return fetch(region, releaseId, null);
    }

    private List<String> fetch(CspRegion region, long releaseId, Long after) {
        String csp = "csp-" + region.name().toLowerCase().replace('_', '-');
        HttpResponse<String> response = api.get(csp, "/api/releases/" + releaseId + "/approved-guids"
                + (after == null ? "" : "?after=" + after));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> lines = response.body().lines().skip(1).toList();
        assertThat(response.headers().firstValue("X-Approved-Guid-Count")).contains(Integer.toString(lines.size()));
        return lines.stream().map(line -> line.substring(0, line.indexOf(','))).toList();
    }

    /** Hub number {@code n} of the variant as a line of the estate file; NORTH and CENTRAL_SOUTH in turn. */
    private String line(int n, String electricity, String gas) {
        String guid = String.format("00-1B-CB-%02X-%02X-00-00-%02X", variant >> 8 & 0xFF, variant & 0xFF, n);
        guids.put(n, guid);
        return String.join(",", guid, "Eligibility Systems", "EL-" + variant, "1.0", "1.0.0", n % 2 == 0 ? "NORTH" : "CENTRAL_SOUTH",
                electricity, gas, "2021-01-01", "false", "CS-03", "Lumen E2", "2.4", gas.isEmpty() ? "" : "Flow G1",
                gas.isEmpty() ? "" : "1.2", "", "", "", "");
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> numbers = new ArrayList<>();
        for (int n = from; n <= to; n++) {
            numbers.add(n);
        }
        return numbers;
    }
}
