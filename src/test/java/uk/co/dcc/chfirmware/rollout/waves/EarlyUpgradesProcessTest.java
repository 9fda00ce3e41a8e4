package uk.co.dcc.chfirmware.rollout.waves;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import uk.co.dcc.chfirmware.ApiClient;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.ReleaseProcessTestSupport;
import uk.co.dcc.chfirmware.approval.stance.Stance;
import uk.co.dcc.chfirmware.approval.stance.StanceService;
import uk.co.dcc.chfirmware.approval.stance.StanceSource;
import uk.co.dcc.chfirmware.insight.EstateSummary;
import uk.co.dcc.chfirmware.insight.ReleaseProgress;
import uk.co.dcc.chfirmware.insight.ReleaseProgressView;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * Early upgrades during the pilot (issue 11, item 2; R15, R39): once DCC granted OA to begin the pilot, the hubs of a
 * supplier that approved its whole estate go to the CSPs in batches at once, while other suppliers still pilot; a split
 * hub goes only when its other supplier approved too (by a stance, or by a GUID list, which wakes the early upgrades at
 * once); DCC's pause holds them; once every pilot has ended they stop, and the mass rollout does not publish an upgraded
 * hub again.
 */
class EarlyUpgradesProcessTest extends ReleaseProcessTestSupport {

    @Autowired StanceService stances;
    @Autowired ReleaseProgressView progress;
    @LocalServerPort int port;

    @Test
    void shouldUpgradeAWholeEstateApprovedDuringThePilotAtOnceAndASplitHubOnceBothSidesApproved() {
        ProcessInstance release = driver.runToPilot(NEW_VARIANT, ReleaseDriver.uniqueVersion());
        long releaseId = releaseId(release);
        Map<String, String> split = firstSplitHub();
        String approver = split.get("electricity");
        String other = split.get("gas");
        String pilot = pilotSupplier(approver, other);
        assertThat(release).as("nothing approved yet: the early upgrades wait").isWaitingAt("Gateway_AwaitEarlyPublishable");

        // Another supplier pilots; then one approves its whole estate in its participation task: its hubs go at once.
        driver.choosePilot(release, pilot, Map.of("pilotHubCount", 3L));
        driver.complete(driver.supplierTasks(release, "UserTask_ChooseParticipation").get(approver),
                Map.of("participationChoice", "WHOLE_ESTATE"));
        assertThat(earlyPublished(releaseId)).as("the approver's own hubs, not its split hub with an undecided supplier")
                .isNotEmpty().isEqualTo(hubsSuppliedOnlyBy(Set.of(approver))).doesNotContain(split.get("guid"));
        assertThat(participation(release, pilot)).as("the other supplier's pilot runs on").isWaitingAt("CallActivity_UpgradePilotBatch");
        assertThat(release).isWaitingAt("CallActivity_UpgradeEarlyBatch");
        assertKeptCountsAsLive(releaseId);

        // The CSPs upgrade them (and the pilot's hubs) while the pilot goes on.
        driver.upgradeAllBatches();
        assertThat(succeeded(releaseId, "MASS_ROLLOUT")).isEqualTo(hubsSuppliedOnlyBy(Set.of(approver)).size());
        assertThat(firmwareOf(split.get("guid"))).isNotEqualTo(firmwareOf(earlyPublished(releaseId).iterator().next()));
        assertThat(participation(release, pilot)).isWaitingAt("UserTask_AssessPilot");
        assertThat(release).isWaitingAt("Gateway_AwaitEarlyPublishable");

        // DCC pauses; the split hub's other supplier approves: nothing goes while paused, not even when it looks again.
        rolloutControl.pause(releaseId, "Change freeze", "dcc");
        stances.record(releaseId, other, Stance.APPROVED, null, null, StanceSource.SUPPLIER, null, "supplier-" + other);
        driver.runJobs();
        driver.fireTimer(release.getId(), "IntermediateCatchEvent_EarlyRecheckDue");
        assertThat(earlyPublished(releaseId)).doesNotContain(split.get("guid"));
        assertThat(release).isWaitingAt("Gateway_AwaitEarlyPublishable");

        // DCC resumes: the split hub goes, with the other supplier's own hubs.
        rolloutControl.resume(releaseId, "Freeze over", "dcc");
        driver.runJobs();
        assertThat(earlyPublished(releaseId)).contains(split.get("guid")).isEqualTo(hubsSuppliedOnlyBy(Set.of(approver, other)));

        // A pause holds the open early batches: no CSP can fetch them until DCC resumes.
        rolloutControl.pause(releaseId, "Second freeze", "dcc");
        assertThat(driver.fetchOpenBatches()).as("suspended early batches").isEmpty();
        rolloutControl.resume(releaseId, "Second freeze over", "dcc");

        // The pilots end while early batches are still open: the early upgrades end once those are done.
        driver.complete(driver.supplierTasks(release, "UserTask_AssessPilot").get(pilot), Map.of("pilotAssessment", "CONFIRMED"));
        driver.supplierTasks(release, "UserTask_ChooseParticipation").values()
                .forEach(choice -> driver.complete(choice, Map.of("participationChoice", "OPT_OUT")));
        assertThat(release).as("the pilot stage waits for the early batches").isWaitingAt("CallActivity_UpgradeEarlyBatch");
        assertThat(driver.task(release, "UserTask_ApprovePhaseCompletion")).isNull();
        driver.upgradeAllBatches();
        assertThat(release).isWaitingAt("UserTask_ApprovePhaseCompletion").hasPassed("Gateway_EarlyUpgradesEnded");
        Set<String> upgradedEarly = earlyPublished(releaseId);

        // The mass rollout publishes what is left that the suppliers permit, never a hub upgraded early.
        driver.decide(release, "UserTask_ApprovePhaseCompletion", "APPROVED");
        driver.decide(release, "UserTask_GrantMassRolloutApproval", "APPROVED");
        driver.rollOutWhatMayGo();
        Set<String> inWaves = publishedInWaves(releaseId);
        assertThat(inWaves).as("the confirmed pilot supplier's other hubs").isNotEmpty().doesNotContainAnyElementsOf(upgradedEarly);
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id
                WHERE b.release_id = ? AND b.phase = 'MASS_ROLLOUT'""", Long.class, releaseId))
                .as("one mass-rollout attempt per hub").isEqualTo(upgradedEarly.size() + inWaves.size());
        long onTarget = 0;
        for (ReleaseProgress.Region region : progress.progress(releaseId, List.of(CspRegion.values())).regions()) {
            assertThat(region.upgraded()).as("each upgraded hub counted once").isEqualTo(region.onTargetFirmware());
            onTarget += region.onTargetFirmware();
        }
        assertThat(onTarget).isEqualTo(3 + upgradedEarly.size() + inWaves.size());
        assertThat(rolloutWaves.remainingAndHeld(releaseId)[0]).as("left for the mass rollout").isEqualTo(variantHubs() - onTarget);
        assertKeptCountsAsLive(releaseId);
    }

    @Test
    void shouldPublishASplitHubEarlyAsSoonAsItsSecondSupplierApprovesItByGuidList() {
        Map<String, String> split = firstSplitHub();
        ProcessInstance release = splitHubAwaitingItsOtherSupplier(split);
        long releaseId = releaseId(release);
        String other = split.get("gas");
        long rechecks = rechecksFired(release);

        // The other supplier approves the split hub by a GUID list over the API, nothing else: the early upgrades look
        // again, without the hourly recheck (the engine's clock has not moved): at once, or at the coalesced wakes'
        // trailing wake, which runJobs sends as the tick would.
        approve(new ApiClient(port), other, releaseId, split.get("guid"));
        driver.runJobs();
        assertThat(earlyPublished(releaseId)).as("published early by the approval's wake").contains(split.get("guid"));
        assertThat(rechecksFired(release)).as("not by the recheck timer").isEqualTo(rechecks);
        assertThat(release).isWaitingAt("CallActivity_UpgradeEarlyBatch");
        assertKeptCountsAsLive(releaseId);
    }

    /**
     * A supplier approving hub after hub (a burst of GUID lists) wakes the early upgrades at once for the first and once
     * more when the coalescing interval has passed, for all the rest: two draws, not one per call; the split hub it
     * approved last goes then, not at the hourly recheck. Each call only asks for the wake: the draw is the engine's job.
     * The engine's clock stands still unless the test moves it, and the coalescer's tick is called here, as the scheduler
     * would call it.
     */
    @Test
    void shouldDrawOnceAtOnceAndOnceAfterTheIntervalForABurstOfApprovalsAndPublishTheSplitHubApprovedLast() {
        Map<String, String> split = firstSplitHub();
        ProcessInstance release = splitHubAwaitingItsOtherSupplier(split);
        long releaseId = releaseId(release);
        String other = split.get("gas");
        List<String> burst = new java.util.ArrayList<>(hubsSuppliedOnlyBy(Set.of(other)).stream().sorted().limit(3).toList());
        assertThat(burst).as("the other supplier's own hubs, which a GUID list does not send early").isNotEmpty();
        burst.add(split.get("guid"));
        ApiClient api = new ApiClient(port);
        Instant start = Instant.now().plus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);
        ClockUtil.setCurrentTime(Date.from(start));
        try {
            wakes.tick(); // wakes other tests left due on the shared database go now, so the ticks below count this one's
            long draws = draws(release);
            long rechecks = rechecksFired(release);

            approve(api, other, releaseId, burst.get(0));
            assertThat(draws(release)).as("the approver's request does not draw").isEqualTo(draws);
            driver.runJobsWithoutWakes();
            assertThat(draws(release)).as("the first approval's wake: a draw at once").isEqualTo(draws + 1);
            assertThat(release).isWaitingAt("Gateway_AwaitEarlyPublishable");

            burst.subList(1, burst.size()).forEach(guid -> approve(api, other, releaseId, guid));
            driver.runJobsWithoutWakes();
            assertThat(wakes.tick()).as("nothing more within the interval").isZero();
            assertThat(draws(release)).as("the rest of the burst waits for the interval").isEqualTo(draws + 1);
            assertThat(earlyPublished(releaseId)).doesNotContain(split.get("guid"));

            ClockUtil.setCurrentTime(Date.from(start.plus(wakes.interval())));
            assertThat(wakes.tick()).as("the trailing wake, once").isEqualTo(1);
            assertThat(wakes.tick()).as("claimed: a second tick (another node's) sends nothing").isZero();
            driver.runJobsWithoutWakes();
            assertThat(draws(release)).as("%d approvals, two draws", burst.size()).isEqualTo(draws + 2);
            assertThat(earlyPublished(releaseId)).as("the split hub approved last goes early").contains(split.get("guid"));
            assertThat(rechecksFired(release)).as("not by the recheck timer").isEqualTo(rechecks);
            assertThat(release).isWaitingAt("CallActivity_UpgradeEarlyBatch");
        } finally {
            ClockUtil.reset();
        }
    }

    /**
     * A release in its pilot where the split hub's electricity supplier approved its whole estate and its own hubs were
     * upgraded early: the early upgrades wait for the split hub's gas supplier.
     */
    private ProcessInstance splitHubAwaitingItsOtherSupplier(Map<String, String> split) {
        ProcessInstance release = driver.runToPilot(NEW_VARIANT, ReleaseDriver.uniqueVersion());
        driver.complete(driver.supplierTasks(release, "UserTask_ChooseParticipation").get(split.get("electricity")),
                Map.of("participationChoice", "WHOLE_ESTATE"));
        driver.upgradeAllBatches();
        assertThat(earlyPublished(releaseId(release))).as("the approver's own hubs went").isNotEmpty()
                .doesNotContain(split.get("guid"));
        assertThat(release).as("the split hub waits for its other supplier").isWaitingAt("Gateway_AwaitEarlyPublishable");
        return release;
    }

    private static void approve(ApiClient api, String supplier, long releaseId, String guid) {
        api.json(api.postJson("supplier-" + supplier, "/api/releases/" + releaseId + "/approvals",
                "{\"method\":\"GUID_LIST\",\"guids\":[\"" + guid + "\"]}"), 201);
    }

    /** How many times the early upgrades have drawn from the estate in the release. */
    private long draws(ProcessInstance release) {
        return history.createHistoricActivityInstanceQuery().processInstanceId(release.getId())
                .activityId("ServiceTask_PublishEarlyBatches").finished().count();
    }

    /** How many times the early upgrades' recheck timer has fired in the release (not cancelled by another event). */
    private long rechecksFired(ProcessInstance release) {
        return history.createHistoricActivityInstanceQuery().processInstanceId(release.getId())
                .activityId("IntermediateCatchEvent_EarlyRecheckDue").finished().list().stream()
                .filter(instance -> !instance.isCanceled()).count();
    }

    @Test
    void shouldEndTheEarlyUpgradesWhenEverySupplierPilotEndsWhileTheyWait() {
        ProcessInstance release = driver.runToPilot(NEW_VARIANT, ReleaseDriver.uniqueVersion());
        driver.supplierTasks(release, "UserTask_ChooseParticipation").values()
                .forEach(choice -> driver.complete(choice, Map.of("participationChoice", "OPT_OUT")));
        assertThat(release).isWaitingAt("UserTask_ApprovePhaseCompletion").hasPassed("IntermediateThrowEvent_PilotsDone",
                "IntermediateCatchEvent_PilotsDone", "Gateway_EarlyUpgradesEnded", "Gateway_PilotAndEarlyUpgradesDone");
        assertThat(publishedHubs(releaseId(release))).as("nothing approved, nothing published").isZero();
    }

    /**
     * The suppliers' kept counts of their hubs by status in the release (R20) say what the estate says, early batches and
     * all (other tests' releases in the shared database are theirs to check).
     */
    private void assertKeptCountsAsLive(long releaseId) {
        jdbc.queryForList("SELECT code FROM supplier", String.class).forEach(supplier ->
                assertThat(inRelease(supplierEstate.summary(supplier), releaseId)).as(supplier)
                        .isEqualTo(inRelease(supplierEstate.liveSummary(supplier), releaseId)));
    }

    private static List<EstateSummary.ReleaseCount> inRelease(EstateSummary summary, long releaseId) {
        return summary.byOpenRelease().stream().filter(count -> count.releaseId() == releaseId).toList();
    }

    /** The GUIDs put into the release's early batches: mass-rollout batches of no wave. */
    private Set<String> earlyPublished(long releaseId) {
        return new HashSet<>(jdbc.queryForList("""
                SELECT h.guid FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN comms_hub h ON h.id = bh.hub_id
                WHERE b.release_id = ? AND b.phase = 'MASS_ROLLOUT' AND b.wave_no IS NULL""", String.class, releaseId));
    }

    private Set<String> publishedInWaves(long releaseId) {
        return new HashSet<>(jdbc.queryForList("""
                SELECT h.guid FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN comms_hub h ON h.id = bh.hub_id
                WHERE b.release_id = ? AND b.phase = 'MASS_ROLLOUT' AND b.wave_no IS NOT NULL""", String.class, releaseId));
    }

    private long succeeded(long releaseId, String phase) {
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id
                WHERE b.release_id = ? AND b.phase = ? AND bh.outcome = 'SUCCEEDED'""", Long.class, releaseId, phase);
    }

    private String firmwareOf(String guid) {
        return jdbc.queryForObject("SELECT firmware_version FROM comms_hub WHERE guid = ?", String.class, guid);
    }

    private long variantHubs() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub WHERE variant_id = ?", Long.class, NEW_VARIANT);
    }

    /** The first split hub of the variant whose two suppliers each have hubs of their own too. */
    private Map<String, String> firstSplitHub() {
        return jdbc.queryForList("""
                SELECT h.guid, h.electricity_supplier, h.gas_supplier FROM comms_hub h
                WHERE h.variant_id = ? AND h.electricity_supplier <> h.gas_supplier
                  AND EXISTS (SELECT 1 FROM comms_hub o WHERE o.variant_id = h.variant_id AND o.electricity_supplier = h.electricity_supplier
                              AND (o.gas_supplier IS NULL OR o.gas_supplier = o.electricity_supplier))
                  AND EXISTS (SELECT 1 FROM comms_hub o WHERE o.variant_id = h.variant_id AND o.gas_supplier = h.gas_supplier
                              AND (o.electricity_supplier IS NULL OR o.electricity_supplier = o.gas_supplier))
                ORDER BY h.id""", NEW_VARIANT).stream().findFirst()
                .map(row -> Map.of("guid", (String) row.get("guid"), "electricity", (String) row.get("electricity_supplier"),
                        "gas", (String) row.get("gas_supplier")))
                .orElseThrow();
    }

    /** Another supplier of the variant, with the most hubs of its own alone. */
    private String pilotSupplier(String... not) {
        return jdbc.queryForList("""
                SELECT s.code FROM supplier s ORDER BY (SELECT COUNT(*) FROM comms_hub h WHERE h.variant_id = ?
                  AND (h.electricity_supplier = s.code OR h.electricity_supplier IS NULL)
                  AND (h.gas_supplier = s.code OR h.gas_supplier IS NULL)) DESC, s.code""", String.class, NEW_VARIANT)
                .stream().filter(code -> !List.of(not).contains(code)).findFirst().orElseThrow();
    }

    /** The variant's hubs every one of whose suppliers is among those given. */
    private Set<String> hubsSuppliedOnlyBy(Set<String> suppliers) {
        String among = String.join(", ", java.util.Collections.nCopies(suppliers.size(), "?"));
        List<Object> args = new java.util.ArrayList<>(List.of(NEW_VARIANT));
        args.addAll(suppliers);
        args.addAll(suppliers);
        return new HashSet<>(jdbc.queryForList("SELECT guid FROM comms_hub WHERE variant_id = ? AND (electricity_supplier IS NULL "
                + "OR electricity_supplier IN (" + among + ")) AND (gas_supplier IS NULL OR gas_supplier IN (" + among + "))",
                String.class, args.toArray()));
    }
}
