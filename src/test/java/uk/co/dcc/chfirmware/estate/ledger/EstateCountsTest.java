package uk.co.dcc.chfirmware.estate.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringReader;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.approval.ApprovalService;
import uk.co.dcc.chfirmware.approval.PilotCriteria;
import uk.co.dcc.chfirmware.approval.SplitSupplierJoin;
import uk.co.dcc.chfirmware.approval.SupplierDecision;
import uk.co.dcc.chfirmware.estate.imports.EstateCsv;
import uk.co.dcc.chfirmware.insight.DeployedProducts;
import uk.co.dcc.chfirmware.insight.DplDefinition;
import uk.co.dcc.chfirmware.insight.EstateSummary;
import uk.co.dcc.chfirmware.insight.SupplierEstateView;
import uk.co.dcc.chfirmware.release.ReleaseWithdrawal;
import uk.co.dcc.chfirmware.rollout.batches.BatchClosing;
import uk.co.dcc.chfirmware.rollout.batches.BatchProcesses;
import uk.co.dcc.chfirmware.rollout.batches.UpgradeBatchService;
import uk.co.dcc.chfirmware.rollout.waves.BatchSchedules;
import uk.co.dcc.chfirmware.rollout.waves.HubPublication;
import uk.co.dcc.chfirmware.rollout.waves.RolloutControl;
import uk.co.dcc.chfirmware.rollout.waves.RolloutHubs;
import uk.co.dcc.chfirmware.rollout.waves.RolloutSettings;
import uk.co.dcc.chfirmware.rollout.waves.RolloutWaves;

/**
 * R20 at scale: the estate summary is read from counts kept as the estate changes ({@link EstateCounts}), and after
 * every kind of change the product makes, for every supplier, they say exactly what the definition computed live
 * from the estate says ({@link SupplierEstateView#liveSummary}): approvals of each way, the split-supplier join, a
 * pilot's and a wave's publication, outcomes of each kind and conflicting ones, a batch closed with hubs unreported
 * and a batch rejected, removals, a HAN prerequisite held and then released by an import, new and changed hubs, a
 * newly keyed HAN firmware version, a stop and a withdrawal; the suppliers' own prerequisites (R28) saved before and after
 * a release is registered, met, changed or dropped by imports, and ended. The DPL's counts (R32) are held to the estate
 * the same way.
 */
@ApplicationTest
class EstateCountsTest extends ApiTestSupport {

    private static final long NEW_VARIANT = 4;          // CENTRAL_SOUTH, a pilot
    private static final long COUNTED_VARIANT = 92;     // this test's own, ESTABLISHED, CENTRAL_SOUTH: a security fix rolls out
    private static final String COUNTED_VARIANT_CSV = "Test Counts,TC-1,1.0";
    private static final long RULED_VARIANT = 94;       // the suppliers' prerequisite rules' own, as the one above
    private static final long FOLDED_VARIANT = 96;      // the fold's own, as the one above: two releases of it open
    private static final String HEADER = "guid,result,firmware_version,reported_at,error_code\n";

    @Autowired EstateCounts counts;
    @Autowired SupplierEstateView view;
    @Autowired DeployedProducts products;
    @Autowired ApprovalService approvals;
    @Autowired SplitSupplierJoin join;
    @Autowired UpgradeBatchService batches;
    @Autowired HubPublication publication;
    @Autowired BatchClosing closing;
    @Autowired BatchSchedules schedules;
    @Autowired RolloutHubs rolloutHubs;
    @Autowired RolloutWaves waves;
    @Autowired RolloutControl rolloutControl;
    @Autowired ReleaseWithdrawal withdrawal;
    @Autowired EstateCountsStartup startup;
    private final Set<String> statusesSeen = new TreeSet<>();

    @BeforeEach
    void countedAfresh() {
        // Other test classes change the estate behind the product's back (and recount); start from the definition.
        counts.recountAll();
        assertCountsAreTheDefinitions("recounted");
    }

    @Test
    void shouldCountLikeTheDefinitionThroughApprovalsTheJoinAPilotItsOutcomesAndItsBatchesEnding() {
        String version = ReleaseDriver.uniqueVersion();
        ProcessInstance release = driver.runToPilot(NEW_VARIANT, version);
        long releaseId = releaseId(release);
        assertCountsAreTheDefinitions("a release registered and taken to its pilot");

        SupplierDecision byCriteria = approvals.approveByCriteria(releaseId, "aurora",
                new PilotCriteria(40, null, List.of(), null, true), 40, "aurora");
        assertCountsAreTheDefinitions("40 hubs approved by criteria, not yet joined");
        join.join(byCriteria);
        assertCountsAreTheDefinitions("the criteria approval joined");

        List<Map<String, Object>> split = jdbc.queryForList("""
                SELECT h.guid, h.electricity_supplier, h.gas_supplier FROM comms_hub h
                WHERE h.variant_id = ? AND h.electricity_supplier <> h.gas_supplier AND h.electricity_supplier <> 'aurora'
                  AND h.gas_supplier <> 'aurora' AND h.firmware_version <> ?
                  AND NOT EXISTS (SELECT 1 FROM hub_approval a WHERE a.release_id = ? AND a.hub_id = h.id)
                ORDER BY h.id""", NEW_VARIANT, version, releaseId);
        String electricity = (String) split.get(0).get("electricity_supplier");
        String gas = (String) split.get(0).get("gas_supplier");
        List<String> shared = split.stream().filter(hub -> electricity.equals(hub.get("electricity_supplier"))
                && gas.equals(hub.get("gas_supplier"))).map(hub -> (String) hub.get("guid")).limit(3).toList();
        approvals.approveGuidList(releaseId, electricity, shared, electricity);
        assertCountsAreTheDefinitions("split hubs approved by a GUID list on one side");
        approvals.approveSplitMatch(releaseId, gas, gas);
        assertCountsAreTheDefinitions("the other side's split match");
        SupplierDecision wholeEstate = approvals.approveWholeEstate(releaseId, "celtic", "celtic");
        assertCountsAreTheDefinitions("a whole estate approved, not yet joined");
        join.join(wholeEstate);
        assertCountsAreTheDefinitions("the whole estate joined");

        publication.publishPilot(releaseId, "aurora");
        assertCountsAreTheDefinitions("aurora's pilot published");
        long batchId = batches.pilotBatchIds(releaseId, "aurora").get(0);
        List<String> guids = jdbc.queryForList("""
                SELECT h.guid FROM batch_hub_member bh JOIN comms_hub h ON h.id = bh.hub_id WHERE bh.batch_id = ? ORDER BY h.id""",
                String.class, batchId);
        assertThat(guids).hasSizeGreaterThan(10);
        StringBuilder first = new StringBuilder(HEADER);
        guids.subList(0, 6).forEach(guid -> first.append(guid).append(",SUCCEEDED,").append(version).append(",2026-11-25T02:00:00Z,\n"));
        first.append(guids.get(6)).append(",FAILED,,2026-11-25T02:00:00Z,E_HAN_BUSY\n");
        first.append(guids.get(7)).append(",SKIPPED,,2026-11-25T02:00:00Z,\n");
        first.append(guids.get(8)).append(",FAILED,,2026-11-25T02:00:00Z,E_HAN_BUSY\n");
        post(batchId, first.toString());
        assertCountsAreTheDefinitions("outcomes: succeeded, failed, skipped");
        post(batchId, HEADER + guids.get(6) + ",SKIPPED,,2026-11-25T03:00:00Z,\n"
                + guids.get(7) + ",SUCCEEDED," + version + ",2026-11-25T01:00:00Z,\n"
                + guids.get(8) + ",SKIPPED,,2026-11-25T01:00:00Z,\n");
        assertCountsAreTheDefinitions("conflicting outcomes: a later skip, an earlier success, an older skip ignored");
        closing.complete(batchId);
        assertCountsAreTheDefinitions("the batch closed with hubs unreported (NO_REPORT)");
        assertThat(publication.publishPilot(releaseId, "aurora").hubCount()).as("a pilot hub gets one pilot attempt").isZero();
        assertCountsAreTheDefinitions("aurora's pilot published again, with nothing left to publish");

        driver.choosePilot(release, "dynamo", Map.of("pilotHubCount", 10L));
        assertCountsAreTheDefinitions("dynamo's pilot chosen, joined and published by the process");
        LockedExternalTask dynamoBatch = batchTasks(releaseId).get(0);
        engine.getExternalTaskService().handleBpmnError(dynamoBatch.getId(), "csp-test", "BATCH_REJECTED", "Head-end down");
        driver.runJobs();
        assertCountsAreTheDefinitions("dynamo's batch rejected");

        withdrawal.withdraw(releaseId, "Vendor recalled the image", "dcc");
        driver.runJobs();
        assertCountsAreTheDefinitions("the release withdrawn");
        assertThat(statusesSeen).contains("UPGRADED", "IN_UPGRADE", "FAILED", "APPROVED", "AWAITING_OTHER_SUPPLIER",
                "AWAITING_YOUR_APPROVAL", "NOT_APPROVED");
    }

    @Test
    void shouldCountLikeTheDefinitionThroughImportsAPrerequisiteWavesRemovalsAndAStop() {
        testVariant(COUNTED_VARIANT, "TC-1");
        // 1..150: split, single-fuel and gas-only hubs of four suppliers; ESME below 7.1 on every third
        importEstate(hubs(1, 150, n -> line(n, "1.0.0", electricity(n), gas(n), n % 3 == 0 ? "7.0" : "7.2")));
        assertCountsAreTheDefinitions("new hubs imported");

        String version = ReleaseDriver.uniqueVersion();
        ProcessInstance release = driver.runToMassRolloutApproval(COUNTED_VARIANT, version);
        long releaseId = releaseId(release);
        assertCountsAreTheDefinitions("a security fix registered");
        schedules.configure(releaseId, new RolloutSettings(null, null, null, null, "ESME", "Voltix V7", "7.1"), "dcc");
        assertCountsAreTheDefinitions("a HAN prerequisite set");
        approvals.approveWholeEstateAndJoin(releaseId, "aurora", "aurora");
        assertCountsAreTheDefinitions("a whole estate approved and joined");

        // 151..170 new (every third below the prerequisite); 3, 6, 9 meet it now; 1 changes its gas supplier, 2 its firmware
        List<String> changes = new ArrayList<>(hubs(151, 170, n -> line(n, "1.0.0", "celtic", "", n % 3 == 0 ? "7.0" : "7.2")));
        changes.addAll(hubs(3, 9, n -> n % 3 == 0 ? line(n, "1.0.0", electricity(n), gas(n), "7.1") : null));
        changes.add(line(1, "1.0.0", electricity(1), "dynamo", "7.2"));
        changes.add(line(2, "1.0.1", electricity(2), gas(2), "7.2"));
        importEstate(changes);
        assertCountsAreTheDefinitions("new and changed hubs imported, the prerequisite met by some");

        driver.decide(release, "UserTask_GrantMassRolloutApproval", "APPROVED");
        assertCountsAreTheDefinitions("the first wave published");
        List<LockedExternalTask> open = batchTasks(releaseId);
        assertThat(open).isNotEmpty();
        long batchId = (Long) open.get(0).getVariables().get("batchId");
        engine.getExternalTaskService().unlock(open.get(0).getId());
        List<String> inBatch = jdbc.queryForList("""
                SELECT h.guid FROM batch_hub_member bh JOIN comms_hub h ON h.id = bh.hub_id WHERE bh.batch_id = ? ORDER BY h.id""",
                String.class, batchId);
        rolloutHubs.exclude(releaseId, inBatch.subList(0, 2), null, "Premises demolished", "dcc");
        assertCountsAreTheDefinitions("two hubs removed from the rollout and from their open batch");
        rolloutHubs.exclude(releaseId, null, "celtic", "Supplier's own programme", "dcc");
        assertCountsAreTheDefinitions("a supplier's hubs removed");

        LockedExternalTask task = batchTasks(releaseId).get(0);
        batchId = (Long) task.getVariables().get("batchId");
        List<String> remaining = jdbc.queryForList("""
                SELECT h.guid FROM batch_hub_member bh JOIN comms_hub h ON h.id = bh.hub_id WHERE bh.batch_id = ? ORDER BY h.id""",
                String.class, batchId);
        int half = remaining.size() / 2;
        post(batchId, outcomes(remaining, 0, half, version));
        assertCountsAreTheDefinitions("the first half of the wave's outcomes");
        String setBack = remaining.get(0);
        int n = Integer.parseInt(setBack.substring("00-1B-C8-00-00-".length()).replace("-", ""), 16);
        String esme = jdbc.queryForObject("""
                SELECT d.firmware_version FROM han_device d JOIN comms_hub h ON h.id = d.hub_id
                WHERE h.guid = ? AND d.device_type = 'ESME'""", String.class, setBack);
        importEstate(List.of(line(n, "1.0.0", electricity(n), gas(n), esme)));
        assertCountsAreTheDefinitions("a hub upgraded by the first half set back to its old firmware by an import");
        post(batchId, outcomes(remaining, half, remaining.size(), version));
        assertCountsAreTheDefinitions("the rest of the wave's outcomes");
        assertThat(firmwareOf(setBack)).as("the import is newer than the post that upgraded it, and stands").isEqualTo("1.0.0");
        post(batchId, outcomes(remaining, 0, 1, version));
        assertCountsAreTheDefinitions("the set-back hub's success posted again");
        assertThat(firmwareOf(setBack)).as("a success already recorded is not put into the estate again").isEqualTo("1.0.0");
        assertThat(firmwareOf(remaining.get(half % 10 == 3 ? half + 1 : half))).as("the second half's successes are in the estate")
                .isEqualTo(version);
        engine.getExternalTaskService().complete(task.getId(), "csp-test");
        driver.runJobs();
        assertCountsAreTheDefinitions("the wave's batch closed and the wave evaluated");
        approvals.approveWholeEstateAndJoin(releaseId, "brightwatt", "brightwatt");
        assertCountsAreTheDefinitions("a whole estate approved and joined with hubs in batches and held");

        importEstate(List.of(line(5, "1.0.0", electricity(5), gas(5), "6.9")));
        driver.runJobs();
        assertCountsAreTheDefinitions("a HAN firmware version new to the estate imported");
        waves.remainingAndHeld(releaseId);
        assertCountsAreTheDefinitions("the new version keyed for the prerequisite");
        schedules.configure(releaseId, new RolloutSettings(null, null, null, null, "ESME", null, "7.2"), "dcc");
        assertCountsAreTheDefinitions("the prerequisite raised, for any ESME model");

        rolloutControl.stop(releaseId, "Vendor advisory", "dcc");
        driver.runJobs();
        assertThat(jdbc.queryForObject("SELECT status FROM firmware_release WHERE id = ?", String.class, releaseId))
                .isEqualTo("STOPPED");
        assertCountsAreTheDefinitions("the rollout stopped");
        assertThat(statusesSeen).contains("AWAITING_PREREQUISITE", "IN_UPGRADE", "FAILED", "UPGRADED", "APPROVED");
    }

    @Test
    void shouldCountLikeTheDefinitionThroughSuppliersPrerequisiteRulesAndTheImportsThatMeetThem() {
        testVariant(RULED_VARIANT, "TC-2");
        // 1..60 of this variant: as in the other estate test, ESME below 7.1 on every third, a Quill G2 GSME at 2.2 on gas hubs
        importEstate(hubs(1, 60, n -> ruled(n, "Voltix V7", n % 3 == 0 ? "7.0" : "7.2", gas(n).isEmpty() ? "" : "Quill G2")));
        assertCountsAreTheDefinitions("new hubs imported");

        long auroraRule = rule("aurora", "ESME", "Voltix V7", "7.1");
        assertCountsAreTheDefinitions("aurora's prerequisite saved, no release of the variant open");
        String version = ReleaseDriver.uniqueVersion();
        ProcessInstance release = driver.runToMassRolloutApproval(RULED_VARIANT, version);
        long releaseId = releaseId(release);
        assertCountsAreTheDefinitions("a release registered while aurora's prerequisite stands");
        assertThat(kept("aurora", releaseId, "AWAITING_PREREQUISITE")).as("aurora's own hubs below 7.1 held from the start")
                .isPositive();
        long brightwattRule = rule("brightwatt", "GSME", "Quill G2", "2.3");
        assertCountsAreTheDefinitions("brightwatt's prerequisite saved: its split hubs with aurora held on both sides");

        // 3, 6, 9 raise their ESME to 7.1; 12 gets another ESME model; 8 loses its GSME; 61..66 new, every third below
        List<String> changes = new ArrayList<>(hubs(3, 9, n -> n % 3 == 0 ? ruled(n, "Voltix V7", "7.1", gas(n).isEmpty() ? ""
                : "Quill G2") : null));
        changes.add(ruled(12, "Voltix V8", "7.0", "Quill G2"));
        changes.add(ruled(8, "Voltix V7", "7.2", ""));
        changes.addAll(hubs(61, 66, n -> ruled(n, "Voltix V7", n % 3 == 0 ? "7.0" : "7.2", gas(n).isEmpty() ? "" : "Quill G2")));
        importEstate(changes);
        assertCountsAreTheDefinitions("imports: ESMEs raised to the prerequisite, a model changed, a GSME removed, new hubs");
        approvals.approveWholeEstateAndJoin(releaseId, "aurora", "aurora");
        assertCountsAreTheDefinitions("a whole estate approved and joined beside the held hubs");

        api.json(api.postJson("supplier-aurora", "/api/rules/" + auroraRule + "/end", "{\"reason\":\"ESMEs done\"}"), 200);
        assertCountsAreTheDefinitions("aurora's prerequisite ended");
        assertThat(kept("aurora", releaseId, "AWAITING_PREREQUISITE")).as("only brightwatt's holds aurora's split hubs")
                .isPositive();
        api.json(api.postJson("supplier-brightwatt", "/api/rules/" + brightwattRule + "/end", "{\"reason\":\"GSMEs done\"}"),
                200);
        assertCountsAreTheDefinitions("brightwatt's prerequisite ended");
        assertThat(kept("aurora", releaseId, "AWAITING_PREREQUISITE")).isZero();

        withdrawal.withdraw(releaseId, "Vendor recalled the image", "dcc");
        driver.runJobs();
        assertCountsAreTheDefinitions("the release withdrawn");
        assertThat(statusesSeen).contains("AWAITING_PREREQUISITE", "AWAITING_OTHER_SUPPLIER", "NOT_APPROVED");
    }

    /** Ends the PREREQUISITE rules a failed test left standing, as their suppliers would, so that they hold nothing more. */
    @AfterEach
    void endPrerequisiteRules() {
        jdbc.queryForList("SELECT supplier_code, id FROM supplier_rule WHERE ended_at IS NULL AND kind = 'PREREQUISITE' "
                + "AND variant_id = ?", RULED_VARIANT).forEach(rule -> api.json(api.postJson("supplier-" + rule.get("supplier_code"),
                "/api/rules/" + rule.get("id") + "/end", "{\"reason\":\"test ended\"}"), 200));
    }

    /** The supplier saves a PREREQUISITE rule for this test's variant over the API. */
    private long rule(String supplier, String device, String model, String version) {
        return api.json(api.postJson("supplier-" + supplier, "/api/rules", "{\"kind\":\"PREREQUISITE\",\"action\":\"WAIT\","
                + "\"variantId\":" + RULED_VARIANT + ",\"prerequisiteDevice\":\"" + device + "\",\"prerequisiteModel\":\"" + model
                + "\",\"prerequisiteVersion\":\"" + version + "\",\"reason\":\"Steps first\"}"), 201).get("id").asLong();
    }

    /** The supplier's hubs the kept counts give the status in the release. */
    private long kept(String supplier, long releaseId, String status) {
        return view.summary(supplier).byOpenRelease().stream()
                .filter(count -> count.releaseId() == releaseId && count.status().equals(status))
                .mapToLong(EstateSummary.ReleaseCount::hubs).sum();
    }

    /**
     * A fold counts most hubs once, from what its merge makes certain ({@link EstateCounts#outcomes}): held to the
     * definition through posts of every kind of outcome in a wave of one release, first alone, then while another release
     * of the variant is open, with split hubs on both sides, hubs already on the other release's version, reports that
     * disagree within a post and across posts, and the batch's closing.
     */
    @Test
    void shouldCountLikeTheDefinitionThroughFoldsOfEveryKindOfOutcomeWithAnotherReleaseOfTheVariantOpen() {
        testVariant(FOLDED_VARIANT, "TC-3");
        String elsewhere = ReleaseDriver.uniqueVersion();
        // 1..80 as the counted variant's hubs; 7 (aurora's) and 8 (split) already on the other release's version
        importEstate(hubs(1, 80, n -> folded(n, n == 7 || n == 8 ? elsewhere : "1.0.0")));
        String version = ReleaseDriver.uniqueVersion();
        ProcessInstance release = driver.runToMassRolloutApproval(FOLDED_VARIANT, version);
        long releaseId = releaseId(release);
        for (String supplier : List.of("aurora", "brightwatt", "celtic", "dynamo")) {
            approvals.approveWholeEstateAndJoin(releaseId, supplier, supplier);
        }
        driver.decide(release, "UserTask_GrantMassRolloutApproval", "APPROVED");
        assertCountsAreTheDefinitions("the first wave of the release published");
        LockedExternalTask task = batchTasks(releaseId).get(0);
        long batchId = (Long) task.getVariables().get("batchId");
        List<Map<String, Object>> inBatch = jdbc.queryForList("""
                SELECT h.guid, h.electricity_supplier, h.gas_supplier, h.firmware_version FROM batch_hub_member bh
                JOIN comms_hub h ON h.id = bh.hub_id WHERE bh.batch_id = ? ORDER BY h.id""", batchId);
        List<String> split = inBatch.stream().filter(hub -> hub.get("electricity_supplier") != null
                && hub.get("gas_supplier") != null && !hub.get("electricity_supplier").equals(hub.get("gas_supplier"))
                && !elsewhere.equals(hub.get("firmware_version"))).map(hub -> (String) hub.get("guid")).toList();
        List<String> onTheOther = inBatch.stream().filter(hub -> elsewhere.equals(hub.get("firmware_version")))
                .map(hub -> (String) hub.get("guid")).toList();
        List<String> rest = inBatch.stream().map(hub -> (String) hub.get("guid"))
                .filter(guid -> !split.contains(guid) && !onTheOther.contains(guid)).toList();
        assertThat(split).as("split hubs in the batch").hasSizeGreaterThanOrEqualTo(4);
        assertThat(onTheOther).as("hubs on the other release's version in the batch").hasSize(2);
        assertThat(rest).as("other hubs in the batch").hasSizeGreaterThanOrEqualTo(16);

        // the batch's first reports, while no other release of the variant is open (on PostgreSQL, told by the merge)
        StringBuilder early = new StringBuilder(HEADER);
        report(early, rest.get(12), "SUCCEEDED", version, 1);
        report(early, rest.get(13), "FAILED", null, 1);
        report(early, rest.get(14), "SKIPPED", null, 1);
        report(early, split.get(4 % split.size()), "SKIPPED", null, 1);
        report(early, rest.get(15), "SKIPPED", null, 1);
        report(early, rest.get(15), "FAILED", null, 1);
        post(batchId, early.toString());
        assertCountsAreTheDefinitions("the first reports: a success, a failure and skips");

        long otherId = releaseId(driver.runToMassRolloutApproval(FOLDED_VARIANT, elsewhere));
        approvals.approveWholeEstateAndJoin(otherId, "aurora", "aurora");
        approvals.approveGuidList(otherId, "brightwatt", hubs(1, 40, n -> n % 8 == 4 ? guid(n) : null), "brightwatt");
        assertCountsAreTheDefinitions("another release of the variant open, with approvals");

        StringBuilder first = new StringBuilder(HEADER);
        report(first, split.get(0), "SUCCEEDED", version, 2);
        report(first, split.get(1), "FAILED", null, 2);
        report(first, split.get(2), "SKIPPED", null, 2);
        report(first, onTheOther.get(0), "SUCCEEDED", version, 2);
        report(first, onTheOther.get(1), "FAILED", null, 2);
        for (int i = 0; i < 10; i++) {
            String guid = rest.get(i);
            switch (i % 5) {
                case 0 -> report(first, guid, "FAILED", null, 2);
                case 1 -> report(first, guid, "SKIPPED", null, 2);
                case 2 -> { } // no report
                default -> report(first, guid, "SUCCEEDED", version, 2);
            }
        }
        report(first, rest.get(10), "FAILED", null, 1);
        report(first, rest.get(10), "SUCCEEDED", version, 2); // a success wins
        report(first, rest.get(11), "SKIPPED", null, 3);
        report(first, rest.get(11), "FAILED", null, 2);       // the later skip wins
        report(first, split.get(3), "FAILED", null, 2);
        report(first, split.get(3), "FAILED", null, 3);       // failures only: certain
        post(batchId, first.toString());
        assertCountsAreTheDefinitions("a post of successes, failures, skips, no reports and reports that disagree");
        assertThat(firmwareOf(split.get(0))).isEqualTo(version);
        assertThat(firmwareOf(onTheOther.get(0))).isEqualTo(version);

        StringBuilder second = new StringBuilder(HEADER);
        report(second, rest.get(0), "SUCCEEDED", version, 4);   // failed, now upgraded
        report(second, rest.get(1), "FAILED", null, 4);         // skipped, now failed
        report(second, rest.get(2), "SUCCEEDED", version, 4);   // first reported now
        report(second, rest.get(5), "SKIPPED", null, 4);        // failed, then a later skip
        report(second, split.get(1), "SUCCEEDED", version, 4);  // the failed split hub upgraded
        report(second, split.get(2), "SKIPPED", null, 4);       // skipped again
        report(second, rest.get(3), "SUCCEEDED", version, 1);   // an earlier success again
        post(batchId, second.toString());
        assertCountsAreTheDefinitions("a second post: retried hubs, first reports and repeated ones");

        engine.getExternalTaskService().complete(task.getId(), "csp-test");
        driver.runJobs();
        assertCountsAreTheDefinitions("the batch closed with hubs unreported and the wave evaluated");
    }

    /** A line of an outcome post, reported {@code hour} o'clock. */
    private static void report(StringBuilder csv, String guid, String result, String version, int hour) {
        csv.append(guid).append(',').append(result).append(',').append(version == null ? "" : version)
                .append(",2026-11-25T0").append(hour).append(":00:00Z,").append("FAILED".equals(result) ? "E_TEST" : "")
                .append('\n');
    }

    /** Hub {@code n} of the fold's variant (GUIDs of their own), on the firmware given, supplied as {@link #electricity} and {@link #gas} say. */
    private static String folded(int n, String firmware) {
        return line(guid(n), "Test Counts,TC-3,1.0", firmware, electricity(n), gas(n), "Voltix V7", "7.2",
                gas(n).isEmpty() ? "" : "Quill G2");
    }

    private static String guid(int n) {
        return String.format("00-1B-C8-00-02-%02X-%02X-%02X", n >> 16 & 0xFF, n >> 8 & 0xFF, n & 0xFF);
    }

    @Test
    void shouldCountAnEstateWhoseCountsWereNeverTakenWhenTheApplicationStarts() {
        driver.runToPilot(NEW_VARIANT, ReleaseDriver.uniqueVersion());
        jdbc.update("DELETE FROM estate_firmware_count");
        jdbc.update("DELETE FROM release_status_count");
        assertThat(view.summary("aurora").byVariantAndFirmware()).as("no counts, as after migration 13").isEmpty();

        startup.run(null);

        assertCountsAreTheDefinitions("the first start after migration 13");
    }

    /** For every supplier, the summary read from the counts is the summary computed live, row for row. */
    private void assertCountsAreTheDefinitions(String after) {
        for (String supplier : jdbc.queryForList("SELECT code FROM supplier ORDER BY code", String.class)) {
            EstateSummary live = view.liveSummary(supplier);
            assertThat(view.summary(supplier)).as("%s's summary after: %s", supplier, after).isEqualTo(live);
            live.byOpenRelease().forEach(count -> statusesSeen.add(count.status()));
            assertThat(DplDefinition.of(products.own(supplier))).as("%s's DPL after: %s", supplier, after)
                    .isEqualTo(DplDefinition.own(jdbc, supplier));
        }
        assertThat(DplDefinition.of(products.industry())).as("the industry's DPL after: %s", after)
                .isEqualTo(DplDefinition.industry(jdbc));
    }

    private void post(long batchId, String csv) {
        outcomes.ingest(batchId, "text/csv", new StringReader(csv));
    }

    /** The release's open batches a CSP can fetch now, locked. */
    private List<LockedExternalTask> batchTasks(long releaseId) {
        ExternalTaskService tasks = engine.getExternalTaskService();
        return tasks.fetchAndLock(10, "csp-test").topic(BatchProcesses.TOPIC, 60_000).variables("batchId")
                .processInstanceVariableEquals("releaseId", releaseId).execute();
    }

    private long releaseId(ProcessInstance release) {
        return (Long) engine.getRuntimeService().getVariable(release.getId(), "releaseId");
    }

    /** Outcomes for {@code guids[from, to)}: one in ten (the fourth) failed, the others upgraded to {@code version}. */
    private static String outcomes(List<String> guids, int from, int to, String version) {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = from; i < to; i++) {
            csv.append(guids.get(i)).append(i % 10 == 3 ? ",FAILED,,2026-11-25T02:00:00Z,E_TEST\n"
                    : ",SUCCEEDED," + version + ",2026-11-25T02:00:00Z,\n");
        }
        return csv.toString();
    }

    private String firmwareOf(String guid) {
        return jdbc.queryForObject("SELECT firmware_version FROM comms_hub WHERE guid = ?", String.class, guid);
    }

    /** Imports the lines (estate CSV without its header) through the product's import, as DCC, and waits for it. */
    private void importEstate(List<String> lines) {
        String file = EstateCsv.HEADER + "\n" + String.join("\n", lines) + "\n";
        long jobId = api.json(api.post("dcc", "/api/imports?fileName=counts.csv", "text/csv", file), 202).get("id").asLong();
        JsonNode job = api.awaitImportEnd(jobId);
        assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
    }

    private static List<String> hubs(int from, int to, IntFunction<String> line) {
        return IntStream.rangeClosed(from, to).mapToObj(line).filter(java.util.Objects::nonNull).toList();
    }

    /** Hub n's electricity supplier: none for one in five (gas only), aurora or celtic otherwise. */
    private static String electricity(int n) {
        return n % 5 == 0 ? "" : n % 4 == 0 || n % 2 == 1 ? "aurora" : "celtic";
    }

    /** This test's own CH variant (Test Counts, the model given, hardware 1.0), made once. */
    private void testVariant(long id, String model) {
        jdbc.update("""
                INSERT INTO ch_variant (id, manufacturer, model, hardware_version, maturity)
                SELECT ?, 'Test Counts', ?, '1.0', 'ESTABLISHED' FROM supplier WHERE code = 'aurora'
                AND NOT EXISTS (SELECT 1 FROM ch_variant WHERE id = ?)""", id, model, id);
    }

    /** Hub n's gas supplier: brightwatt for one in four (split with aurora), dynamo for gas-only hubs, otherwise none. */
    private static String gas(int n) {
        return n % 4 == 0 ? "brightwatt" : n % 5 == 0 ? "dynamo" : "";
    }

    /** Hub {@code n} of this test's variant, CENTRAL_SOUTH, with a Voltix V7 ESME on the firmware given. */
    private static String line(int n, String firmware, String electricity, String gas, String esmeFirmware) {
        return line(String.format("00-1B-C8-00-00-%02X-%02X-%02X", n >> 16 & 0xFF, n >> 8 & 0xFF, n & 0xFF), COUNTED_VARIANT_CSV,
                firmware, electricity, gas, "Voltix V7", esmeFirmware, gas.isEmpty() ? "" : "Quill G2");
    }

    /**
     * Hub {@code n} of the rules' variant (GUIDs of their own), on firmware 1.0.0, supplied as {@link #electricity} and
     * {@link #gas} say, with the ESME given and a GSME at 2.2 of the model given (none if empty).
     */
    private static String ruled(int n, String esmeModel, String esmeFirmware, String gsmeModel) {
        return line(String.format("00-1B-C8-00-01-%02X-%02X-%02X", n >> 16 & 0xFF, n >> 8 & 0xFF, n & 0xFF),
                "Test Counts,TC-2,1.0", "1.0.0", electricity(n), gas(n), esmeModel, esmeFirmware, gsmeModel);
    }

    private static String line(String guid, String variantCsv, String firmware, String electricity, String gas, String esmeModel,
                               String esmeFirmware, String gsmeModel) {
        return String.join(",", guid, variantCsv, firmware, "CENTRAL_SOUTH", electricity, gas, LocalDate.of(2021, 1, 1).toString(),
                "false", "CS-01", esmeModel, esmeFirmware, gsmeModel, gsmeModel.isEmpty() ? "" : "2.2", "Orbit", "1.5", "", "");
    }
}
