package uk.co.dcc.chfirmware.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.approval.stance.SqlCondition;
import uk.co.dcc.chfirmware.approval.stance.Stance;
import uk.co.dcc.chfirmware.approval.stance.StancePredicate;
import uk.co.dcc.chfirmware.approval.stance.StanceService;
import uk.co.dcc.chfirmware.approval.stance.StanceSource;
import uk.co.dcc.chfirmware.estate.ledger.EstateCounts;
import uk.co.dcc.chfirmware.estate.ledger.HubReleaseStatus;
import uk.co.dcc.chfirmware.insight.EstateSummary;
import uk.co.dcc.chfirmware.insight.SupplierEstateView;

/**
 * Issue 13, item 1: a whole-estate approval is one decision row, not a row per hub. The same suppliers take the same
 * decisions, in the same order, on two releases of one variant with split hubs, a hold and an opt-out: on one each
 * whole-estate approval is written hub by hub (a GUID list of every hub of the supplier, today's per-hub rows), on the
 * other as the decision row. Eligibility (with the disclosures of split hubs to their other supplier), what the mass
 * rollout may publish, each supplier's statuses and its notices come out the same; the per-hub definition of eligibility
 * is written here as its own SQL over the per-hub rows.
 */
@ApplicationTest
class DecisionRowsEquivalenceTest extends ApiTestSupport {

    private static final long VARIANT = 3;

    @Autowired ApprovalService approvals;
    @Autowired ParticipationService participation;
    @Autowired StanceService stances;
    @Autowired SupplierEstateView view;
    @Autowired EstateCounts counts;

    @Test
    void shouldMakeTheSameHubsEligibleFromWholeEstateDecisionRowsAsFromTheSameApprovalsHubByHub() {
        List<String> suppliers = jdbc.queryForList("""
                SELECT x.s FROM (SELECT electricity_supplier AS s FROM comms_hub WHERE variant_id = ?
                                 UNION ALL SELECT gas_supplier FROM comms_hub WHERE variant_id = ?) x
                WHERE x.s IS NOT NULL GROUP BY x.s ORDER BY COUNT(*) DESC, x.s""", String.class, VARIANT, VARIANT);
        assertThat(suppliers).hasSizeGreaterThanOrEqualTo(4);
        String listing = suppliers.get(1);
        String optingOut = suppliers.get(suppliers.size() - 1);
        List<String> wholeEstate = new ArrayList<>(suppliers.subList(0, suppliers.size() - 1));
        wholeEstate.remove(listing);
        String holding = wholeEstate.get(0);
        String last = wholeEstate.get(wholeEstate.size() - 1);
        long byRows = driver.releaseId(driver.runToProductionCpl(VARIANT, ReleaseDriver.uniqueVersion()));
        long byDecisions = driver.releaseId(driver.runToProductionCpl(VARIANT, ReleaseDriver.uniqueVersion()));
        List<String> listed = jdbc.queryForList("""
                SELECT guid FROM comms_hub WHERE variant_id = ? AND (electricity_supplier = ? OR gas_supplier = ?)
                AND MOD(id, 2) = 0 ORDER BY id""", String.class, VARIANT, listing, listing);

        for (long releaseId : List.of(byRows, byDecisions)) {
            stances.record(releaseId, holding, Stance.HELD, "NORTH", null, StanceSource.SUPPLIER, "Field trial in the north",
                    holding);
            participation.optOut(releaseId, optingOut, optingOut);
            for (String supplier : wholeEstate.subList(0, wholeEstate.size() - 1)) {
                approveWholeEstate(releaseId, releaseId == byRows, supplier);
            }
            approvals.approveGuidList(releaseId, listing, listed, listing);
            approveWholeEstate(releaseId, releaseId == byRows, last);
            approvals.approveSplitMatch(releaseId, listing, listing);
        }

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_approval WHERE release_id = ? AND supplier_code <> ?",
                Long.class, byDecisions, listing)).as("whole-estate approvals as decision rows: no row per hub").isZero();
        List<Long> eligible = eligible(byDecisions);
        assertThat(eligible).as("some hubs eligible, not those of the supplier that opted out")
                .isNotEmpty().hasSizeLessThan(jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub WHERE variant_id = ?",
                        Long.class, VARIANT).intValue());
        assertThat(eligible).as("eligible by decision rows = eligible by rows per hub").isEqualTo(eligible(byRows));
        assertThat(eligible).as("= the per-hub definition").isEqualTo(perHubDefinition(byRows));
        for (long releaseId : List.of(byRows, byDecisions)) {
            for (Long compiledFor : java.util.Arrays.asList(releaseId, null)) {
                assertThat(jdbc.queryForList("SELECT h.id FROM comms_hub h JOIN firmware_release r ON r.id = ? WHERE "
                        + counts.compiledEligibility(compiledFor) + " ORDER BY h.id", Long.class, releaseId))
                        .as("release %d: eligible as the counts tell it (decisions compiled, rows looked up)", releaseId)
                        .isEqualTo(eligible(releaseId));
            }
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub h WHERE (h.electricity_supplier = ? OR h.gas_supplier = ?) AND "
                + HubReleaseStatus.eligibleFor(Long.toString(byDecisions)), Long.class, optingOut, optingOut)).isZero();
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM eligible_hub e JOIN comms_hub h ON h.id = e.hub_id
                WHERE e.release_id = ? AND COALESCE(h.electricity_supplier, '') <> ? AND COALESCE(h.gas_supplier, '') <> ?""",
                Long.class, byDecisions, listing, listing))
                .as("whole-estate decisions make hubs eligible as rows per decision (and per pair of decisions for split hubs):"
                        + " no eligible_hub row but for hubs of the supplier that approved hub by hub").isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT paired_seq) FROM decision_disclosure WHERE release_id = ?",
                Long.class, byDecisions)).as("pairs of whole-estate decisions made eligible").isPositive();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM eligible_hub WHERE release_id = ?", Long.class, byDecisions))
                .as("rows remain for the GUID list and the split hubs it meets").isPositive()
                .isLessThan(jdbc.queryForObject("SELECT COUNT(*) FROM eligible_hub WHERE release_id = ?", Long.class, byRows));

        for (String region : List.of("NORTH", "CENTRAL_SOUTH")) {
            List<String> stream = approvedGuids("csp-" + region.toLowerCase().replace('_', '-'), byDecisions, null);
            assertThat(stream).as("the %s CSP's stream: every eligible hub of its region once", region)
                    .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(eligibleGuids(byDecisions, region))
                    .containsExactlyInAnyOrderElementsOf(approvedGuids("csp-" + region.toLowerCase().replace('_', '-'), byRows, null));
            assertThat(approvedGuids("csp-" + region.toLowerCase().replace('_', '-'), byDecisions, null))
                    .as("nothing new since its last fetch").isEmpty();
        }

        List<Long> permitted = permittedInMassRollout(byDecisions);
        assertThat(permitted).as("what the mass rollout may publish, the hold counted").isEqualTo(permittedInMassRollout(byRows))
                .isEqualTo(perHubPermitted(byRows, holding)).isNotEmpty();

        for (String supplier : suppliers) {
            assertThat(statuses(supplier, byDecisions)).as("%s's statuses", supplier).isEqualTo(statuses(supplier, byRows));
            assertThat(view.summary(supplier)).as("%s's kept counts", supplier).isEqualTo(view.liveSummary(supplier));
        }
        assertThat(disclosures(byDecisions)).as("the notices to the other supplier of split hubs, counted alike")
                .isNotEmpty().isEqualTo(disclosures(byRows));
    }

    private void approveWholeEstate(long releaseId, boolean hubByHub, String supplier) {
        if (hubByHub) {
            approvals.approveGuidList(releaseId, supplier, jdbc.queryForList("""
                    SELECT h.guid FROM comms_hub h JOIN firmware_release r ON r.variant_id = h.variant_id
                    WHERE r.id = ? AND h.firmware_version <> r.firmware_version
                      AND (h.electricity_supplier = ? OR h.gas_supplier = ?) ORDER BY h.id""", String.class, releaseId,
                    supplier, supplier), supplier);
        } else {
            approvals.approveWholeEstateAndJoin(releaseId, supplier, supplier);
        }
    }

    /** The release's eligible hubs, by the one definition (a row per hub, or the only supplier's whole-estate decision). */
    private List<Long> eligible(long releaseId) {
        return jdbc.queryForList("SELECT h.id FROM comms_hub h WHERE " + HubReleaseStatus.eligibleFor(Long.toString(releaseId))
                + " ORDER BY h.id", Long.class);
    }

    private List<String> eligibleGuids(long releaseId, String region) {
        return jdbc.queryForList("SELECT h.guid FROM comms_hub h WHERE h.csp_region = ? AND "
                + HubReleaseStatus.eligibleFor(Long.toString(releaseId)), String.class, region);
    }

    /** The GUIDs a CSP's fetch returns (after its last fetch, or after {@code after}), checked against the count it is told. */
    private List<String> approvedGuids(String csp, long releaseId, Long after) {
        HttpResponse<String> response = api.get(csp, "/api/releases/" + releaseId + "/approved-guids"
                + (after == null ? "" : "?after=" + after));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> lines = response.body().lines().skip(1).toList();
        assertThat(response.headers().firstValue("X-Approved-Guid-Count")).as("the count told = the lines sent")
                .contains(Integer.toString(lines.size()));
        return lines.stream().map(line -> line.substring(0, line.indexOf(','))).toList();
    }

    /**
     * Eligible hub by hub: not on the release's firmware, and each responsible supplier has a row approving it that is
     * known to the hub's other supplier (not pending for it).
     */
    private List<Long> perHubDefinition(long releaseId) {
        return jdbc.queryForList("""
                SELECT h.id FROM comms_hub h JOIN firmware_release r ON r.variant_id = h.variant_id
                WHERE r.id = ? AND h.firmware_version <> r.firmware_version
                  AND (h.electricity_supplier IS NULL OR EXISTS (SELECT 1 FROM hub_approval a WHERE a.release_id = r.id
                       AND a.hub_id = h.id AND a.supplier_code = h.electricity_supplier AND a.pending_for IS NULL))
                  AND (h.gas_supplier IS NULL OR EXISTS (SELECT 1 FROM hub_approval a WHERE a.release_id = r.id
                       AND a.hub_id = h.id AND a.supplier_code = h.gas_supplier AND a.pending_for IS NULL))
                ORDER BY h.id""", Long.class, releaseId);
    }

    private List<Long> permittedInMassRollout(long releaseId) {
        SqlCondition permits = StancePredicate.everySupplierPermits(releaseId, Timestamp.from(Instant.now()));
        List<Object> args = new ArrayList<>(List.of(releaseId));
        args.addAll(permits.args());
        return jdbc.queryForList("""
                SELECT h.id FROM comms_hub h JOIN firmware_release r ON r.variant_id = h.variant_id
                WHERE r.id = ? AND h.firmware_version <> r.firmware_version""" + permits.sql() + " ORDER BY h.id", Long.class,
                args.toArray());
    }

    /** Permitted hub by hub: every responsible supplier approved it by a row, and no hold of its own covers it. */
    private List<Long> perHubPermitted(long releaseId, String holding) {
        return jdbc.queryForList("""
                SELECT h.id FROM comms_hub h JOIN firmware_release r ON r.variant_id = h.variant_id
                WHERE r.id = ? AND h.firmware_version <> r.firmware_version
                  AND (h.electricity_supplier IS NULL OR EXISTS (SELECT 1 FROM hub_approval a WHERE a.release_id = r.id
                       AND a.hub_id = h.id AND a.supplier_code = h.electricity_supplier)
                       AND NOT (h.electricity_supplier = ? AND h.csp_region = 'NORTH'))
                  AND (h.gas_supplier IS NULL OR EXISTS (SELECT 1 FROM hub_approval a WHERE a.release_id = r.id
                       AND a.hub_id = h.id AND a.supplier_code = h.gas_supplier)
                       AND NOT (h.gas_supplier = ? AND h.csp_region = 'NORTH'))
                ORDER BY h.id""", Long.class, releaseId, holding, holding);
    }

    /** The supplier's live statuses in the release: hubs by firmware version and status. */
    private Map<String, Long> statuses(String supplier, long releaseId) {
        Map<String, Long> statuses = new TreeMap<>();
        for (EstateSummary.ReleaseCount count : view.liveSummary(supplier).byOpenRelease()) {
            if (count.releaseId() == releaseId) {
                statuses.put(count.firmwareVersion() + " " + count.status(), count.hubs());
            }
        }
        return statuses;
    }

    /** Each disclosure to a supplier of the other side's approvals, in order: to whom, how many hubs, how many counterparts. */
    private List<String> disclosures(long releaseId) {
        return jdbc.queryForList("""
                SELECT supplier_code || ' ' || CAST(hubs AS VARCHAR(20)) || ' ' || CAST(counterparts AS VARCHAR(20))
                FROM split_disclosure WHERE release_id = ? ORDER BY id""", String.class, releaseId);
    }
}
