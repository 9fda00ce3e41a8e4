package uk.co.dcc.chfirmware.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.approval.ApprovalService;
import uk.co.dcc.chfirmware.approval.PilotCriteria;
import uk.co.dcc.chfirmware.approval.SplitSupplierJoin;
import uk.co.dcc.chfirmware.approval.SupplierDecision;
import uk.co.dcc.chfirmware.estate.CommsHubRecord;
import uk.co.dcc.chfirmware.estate.CspRegion;
import uk.co.dcc.chfirmware.estate.EstateWriter;
import uk.co.dcc.chfirmware.estate.HanDevice;
import uk.co.dcc.chfirmware.release.ReleaseRegistration;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.release.ReleaseStatus;
import uk.co.dcc.chfirmware.rollout.UpgradeBatchService;

/**
 * The estate summary is read from maintained counts; after every kind of change to the estate or a release it
 * must equal what a straightforward recount of the estate tables says, hub by hub, for every supplier: UPGRADED,
 * IN_UPGRADE, FAILED, APPROVED (eligible), AWAITING_OTHER_SUPPLIER (this supplier approved),
 * AWAITING_YOUR_APPROVAL (the hub's other supplier approved), NOT_APPROVED, first that applies.
 */
@ApplicationTest
class EstateAggregatesTest {

    private static final long VARIANT = 4;
    private static final List<String> SUPPLIERS = List.of("aurora", "brightwatt", "celtic", "dynamo", "evergreen", "fenland",
            "gleam", "harbour");

    @Autowired JdbcTemplate jdbc;
    @Autowired SupplierEstateView view;
    @Autowired EstateAggregates aggregates;
    @Autowired ReleaseService releases;
    @Autowired ApprovalService approvals;
    @Autowired SplitSupplierJoin join;
    @Autowired UpgradeBatchService batches;
    @Autowired EstateWriter estate;

    @Test
    void shouldKeepTheSummaryEqualToARecountThroughEveryKindOfChange() {
        assertSummariesMatchARecount("at the start");
        long releaseId = releases.register(new ReleaseRegistration(VARIANT, "1.1." + System.nanoTime() % 1_000_000, "STANDARD",
                "0f".repeat(32), "aggregates test"), "dcc", null).releaseId();
        releases.updateStatus(releaseId, ReleaseStatus.ON_PRODUCTION_CPL);
        assertSummariesMatchARecount("after registering a release");
        Map<String, Object> split = jdbc.queryForList("""
                SELECT electricity_supplier, gas_supplier FROM comms_hub WHERE variant_id = ? AND electricity_supplier <> gas_supplier
                ORDER BY id FETCH FIRST 1 ROWS ONLY""", VARIANT).get(0);
        String first = (String) split.get("electricity_supplier");
        String second = (String) split.get("gas_supplier");

        SupplierDecision wholeEstate = approvals.approveWholeEstate(releaseId, first, "test");
        assertThat(wholeEstate.hubCount()).isPositive();
        assertSummariesMatchARecount("after one side of split hubs approved, before the join");
        join.join(wholeEstate);
        assertSummariesMatchARecount("after the join");
        SupplierDecision pilot = approvals.approveByCriteria(releaseId, second, new PilotCriteria(3, null, List.of(), null, true), 3, "test");
        join.join(pilot);
        approvals.approveSplitMatch(releaseId, second, "test");
        assertSummariesMatchARecount("after the other side approved by criteria and by split match, joined");

        assertThat(batches.publishPilot(releaseId, first).hubCount()).isPositive();
        assertSummariesMatchARecount("after publication of the pilot");
        long pilotBatch = batches.pilotBatchIds(releaseId, first).get(0);
        String failed = jdbc.queryForObject("""
                SELECT h.guid FROM batch_hub bh JOIN comms_hub h ON h.id = bh.hub_id WHERE bh.batch_id = ?
                ORDER BY h.id FETCH FIRST 1 ROWS ONLY""", String.class, pilotBatch);
        batches.complete(pilotBatch, failed);
        assertSummariesMatchARecount("after a batch completed with one failure");

        assertThat(batches.publishRollout(releaseId).hubCount()).isPositive();
        assertSummariesMatchARecount("after publication of the rollout");
        batches.complete(batches.rolloutBatchIds(releaseId).get(0), "");
        assertSummariesMatchARecount("after a rollout batch completed");

        long id = jdbc.queryForObject("SELECT MAX(id) FROM comms_hub", Long.class) + 1;
        estate.append(List.of(new CommsHubRecord(id, String.format("00-1B-C5-FE-%02X-%02X-%02X-%02X", (id >> 24) & 0xFF,
                (id >> 16) & 0xFF, (id >> 8) & 0xFF, id & 0xFF), VARIANT, "1.0.2", CspRegion.CENTRAL_SOUTH, first, second,
                LocalDate.of(2024, 5, 1), false, 2, List.of(new HanDevice("ESME", "Lumen E3", "3.1")))));
        assertSummariesMatchARecount("after hubs were added to the estate");

        aggregates.refresh();
        assertSummariesMatchARecount("after a refresh");
    }

    private void assertSummariesMatchARecount(String when) {
        for (String supplier : SUPPLIERS) {
            EstateSummary fast = view.summary(supplier);
            EstateSummary recount = recount(supplier);
            assertThat(sorted(fast)).as("%s's summary %s", supplier, when).isEqualTo(sorted(recount));
        }
    }

    /** The supplier's summary worked out hub by hub from the estate tables, as the definitions say. */
    private EstateSummary recount(String supplier) {
        Map<List<Object>, Long> byFirmware = new TreeMap<>(Comparator.comparing(Object::toString));
        Map<Long, String> variantNames = new HashMap<>();
        List<Long> hubIds = new ArrayList<>();
        List<Long> hubVariants = new ArrayList<>();
        List<String> hubFirmware = new ArrayList<>();
        List<String> otherSupplier = new ArrayList<>();
        jdbc.query("""
                SELECT h.id, h.variant_id, v.manufacturer, v.model, v.hardware_version, h.firmware_version,
                       CASE WHEN h.electricity_supplier = ? THEN h.gas_supplier ELSE h.electricity_supplier END
                FROM comms_hub h JOIN ch_variant v ON v.id = h.variant_id WHERE h.electricity_supplier = ? OR h.gas_supplier = ?""",
                rs -> {
                    variantNames.put(rs.getLong(2), rs.getString(3) + " " + rs.getString(4) + " hw " + rs.getString(5));
                    byFirmware.merge(List.of(rs.getLong(2), rs.getString(6)), 1L, Long::sum);
                    hubIds.add(rs.getLong(1));
                    hubVariants.add(rs.getLong(2));
                    hubFirmware.add(rs.getString(6));
                    otherSupplier.add(rs.getString(7));
                }, supplier, supplier, supplier);
        List<EstateSummary.FirmwareCount> firmware = new ArrayList<>();
        byFirmware.forEach((key, hubs) -> firmware.add(new EstateSummary.FirmwareCount((Long) key.get(0),
                variantNames.get((Long) key.get(0)), (String) key.get(1), hubs)));
        List<EstateSummary.ReleaseCount> byRelease = new ArrayList<>();
        for (Map<String, Object> release : jdbc.queryForList("""
                SELECT id, variant_id, firmware_version FROM firmware_release
                WHERE status NOT IN ('ROLLED_OUT', 'REJECTED', 'WITHDRAWN')""")) {
            long releaseId = ((Number) release.get("id")).longValue();
            long variant = ((Number) release.get("variant_id")).longValue();
            String target = (String) release.get("firmware_version");
            Set<Long> live = ids("""
                    SELECT bh.hub_id FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id
                    WHERE b.release_id = ? AND b.status = 'PUBLISHED' AND bh.outcome IS NULL""", releaseId);
            Set<Long> failed = ids("""
                    SELECT bh.hub_id FROM batch_hub bh JOIN upgrade_batch b ON b.id = bh.batch_id
                    WHERE b.release_id = ? AND bh.outcome = 'FAILED'""", releaseId);
            Set<Long> eligible = ids("SELECT hub_id FROM eligible_hub WHERE release_id = ?", releaseId);
            Set<Long> mine = ids("SELECT hub_id FROM hub_approval WHERE release_id = ? AND supplier_code = '" + supplier + "'",
                    releaseId);
            Map<Long, Set<String>> approvedBy = new HashMap<>();
            jdbc.query("SELECT hub_id, supplier_code FROM hub_approval WHERE release_id = ?",
                    rs -> {
                        approvedBy.computeIfAbsent(rs.getLong(1), hub -> new HashSet<>()).add(rs.getString(2));
                    }, releaseId);
            Map<List<String>, Long> counts = new HashMap<>();
            for (int i = 0; i < hubIds.size(); i++) {
                if (hubVariants.get(i) != variant) {
                    continue;
                }
                long hub = hubIds.get(i);
                String status = hubFirmware.get(i).equals(target) ? "UPGRADED" : live.contains(hub) ? "IN_UPGRADE"
                        : failed.contains(hub) ? "FAILED" : eligible.contains(hub) ? "APPROVED"
                        : mine.contains(hub) ? "AWAITING_OTHER_SUPPLIER"
                        : otherSupplier.get(i) != null && approvedBy.getOrDefault(hub, Set.of()).contains(otherSupplier.get(i))
                                ? "AWAITING_YOUR_APPROVAL"
                        : "NOT_APPROVED";
                counts.merge(List.of(hubFirmware.get(i), status), 1L, Long::sum);
            }
            counts.forEach((key, hubs) -> byRelease.add(new EstateSummary.ReleaseCount(releaseId, target, key.get(0), key.get(1),
                    hubs)));
        }
        return new EstateSummary(supplier, firmware, byRelease);
    }

    private Set<Long> ids(String sql, long releaseId) {
        return new HashSet<>(jdbc.queryForList(sql, Long.class, releaseId));
    }

    private static EstateSummary sorted(EstateSummary summary) {
        List<EstateSummary.FirmwareCount> firmware = new ArrayList<>(summary.byVariantAndFirmware());
        firmware.sort(Comparator.comparing(EstateSummary.FirmwareCount::variantId).thenComparing(EstateSummary.FirmwareCount::firmwareVersion));
        List<EstateSummary.ReleaseCount> releases = new ArrayList<>(summary.byOpenRelease());
        releases.sort(Comparator.comparing(EstateSummary.ReleaseCount::releaseId).thenComparing(EstateSummary.ReleaseCount::firmwareVersion)
                .thenComparing(EstateSummary.ReleaseCount::status));
        return new EstateSummary(summary.supplier(), firmware, releases);
    }

}
