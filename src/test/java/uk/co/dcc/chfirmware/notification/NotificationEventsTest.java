package uk.co.dcc.chfirmware.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * Every event that concerns an actor produces its notification to exactly the actors it concerns (R16, R36), in one
 * table: each row runs the event the way its actor would and compares the groups told with the groups an independent
 * SQL count of the estate says it concerns. Variant 4 has comms hubs in the Central and South region only, so the
 * North CSP is never told of its releases. Each message's link is a page, never an /api path.
 */
@ApplicationTest
class NotificationEventsTest extends ApiTestSupport {

    private static final long PILOT_VARIANT = 4;
    private static final long MATURE_VARIANT = 5;
    /**
     * Kinds whose recipients other tests hold (SplitSupplierApprovalTest, CspOutcomeApiTest, RefusedRegistrationTest;
     * SupplierStanceRolloutTest the cut-offs and the stance changes; flags.FlagNotificationsTest the flags and leaving sets;
     * rules.EventRulesTest a supplier's own event rules).
     */
    private static final Set<NotificationKind> COVERED_ELSEWHERE = EnumSet.of(NotificationKind.OTHER_SUPPLIER_APPROVED,
            NotificationKind.GUIDS_APPROVED, NotificationKind.BATCH_REJECTED,
            NotificationKind.REGISTRATION_REFUSED, NotificationKind.CUTOFF_SET, NotificationKind.STANCE_CHANGED,
            NotificationKind.FLAG_RAISED, NotificationKind.FLAG_SUSPENSION_CHANGED, NotificationKind.FLAG_LOWERED,
            NotificationKind.LEAVING_SET_MARKED, NotificationKind.LEAVING_SET_UNMARKED, NotificationKind.RULE_FIRED);

    @Autowired
    private DeadlineReminders reminders;

    private record Row(String event, NotificationKind kind, Set<String> told, Set<String> concerned, List<String> links) {
    }

    private final List<Row> table = new ArrayList<>();

    @Test
    void shouldTellEachEventToExactlyTheActorsItConcerns() {
        Set<String> pilotCustomers = suppliersOf(PILOT_VARIANT, null);
        Set<String> pilotParties = union(pilotCustomers, Set.of("csp-central-south"));

        ProcessInstance[] release = new ProcessInstance[1];
        row("a release is registered for a variant", NotificationKind.RELEASE_REGISTERED, pilotParties,
                () -> release[0] = driver.submit(PILOT_VARIANT, ReleaseDriver.uniqueVersion(), "STANDARD"));
        long releaseId = driver.releaseId(release[0]);
        driver.decide(release[0], "UserTask_ApproveFirmwareCsp", "APPROVED");
        driver.decide(release[0], "UserTask_TestFirmware", "APPROVED");

        Set<String> feedbackGroups = new TreeSet<>();
        driver.supplierTasks(release[0], "UserTask_ProvideTestFeedback").keySet()
                .forEach(supplier -> feedbackGroups.add("supplier-" + supplier));
        row("the feedback window closes within a day", NotificationKind.DEADLINE_APPROACHING, feedbackGroups, () -> {
            Date latestDue = jdbc.queryForObject("SELECT MAX(DUE_DATE_) FROM ACT_RU_TASK WHERE TASK_DEF_KEY_ = "
                    + "'UserTask_ProvideTestFeedback' AND PROC_INST_ID_ = ?", Date.class, release[0].getId());
            ClockUtil.setCurrentTime(Date.from(latestDue.toInstant().minus(Duration.ofHours(2))));
            reminders.remind();
            assertThat(reminders.remind()).as("each task announced once").isZero();
            ClockUtil.reset();
        });
        driver.everySupplierFeedsBack(release[0], "POSITIVE");
        driver.decide(release[0], "UserTask_AssessFeedback", "APPROVED");
        driver.proveFirmware(release[0], true);
        driver.decide(release[0], "UserTask_GrantOperationalApproval", "APPROVED");
        row("DCC grants OA to begin the pilot", NotificationKind.PILOT_APPROVED, pilotParties,
                () -> driver.decide(release[0], "UserTask_GrantPilotApproval", "APPROVED"));

        Set<String> piloting = new TreeSet<>();
        driver.supplierTasks(release[0], "UserTask_ChooseParticipation").keySet().forEach(supplier -> {
            driver.choosePilot(release[0], supplier, Map.of("pilotHubCount", 3L));
            piloting.add("supplier-" + supplier);
        });
        row("a CSP finishes pilot batches", NotificationKind.BATCH_FINISHED, piloting, () -> driver.upgradeAllBatches());
        driver.supplierTasks(release[0], "UserTask_AssessPilot").values()
                .forEach(task -> driver.complete(task, Map.of("pilotAssessment", "CONFIRMED")));
        row("DCC approves the pilot phase's completion", NotificationKind.PHASE_COMPLETED, pilotParties,
                () -> driver.decide(release[0], "UserTask_ApprovePhaseCompletion", "APPROVED"));
        row("DCC grants OA for mass rollout with its dates", NotificationKind.MASS_ROLLOUT_APPROVED, pilotParties,
                () -> driver.decide(release[0], "UserTask_GrantMassRolloutApproval", "APPROVED"));
        row("DCC changes the rollout's schedule", NotificationKind.SCHEDULE_CHANGED, pilotParties,
                () -> ok(api.send("dcc", "demo", "PUT", "/api/releases/" + releaseId + "/rollout/settings",
                        "application/json", "{\"windowStart\":\"00:00\",\"windowEnd\":\"05:00\"}")));
        row("the region's CSP pauses the rollout there", NotificationKind.ROLLOUT_PAUSED,
                union(suppliersOf(PILOT_VARIANT, "CENTRAL_SOUTH"), Set.of("csp-central-south", "dcc")),
                () -> ok(api.postJson("csp-central-south", "/api/releases/" + releaseId + "/rollout/pause",
                        "{\"reason\":\"Network maintenance\"}")));
        row("the region's CSP resumes it", NotificationKind.ROLLOUT_RESUMED,
                union(suppliersOf(PILOT_VARIANT, "CENTRAL_SOUTH"), Set.of("csp-central-south", "dcc")),
                () -> ok(api.postJson("csp-central-south", "/api/releases/" + releaseId + "/rollout/resume",
                        "{\"reason\":\"Done\"}")));
        row("DCC stops the rollout", NotificationKind.ROLLOUT_STOPPED, pilotParties, () -> {
            ok(api.postJson("dcc", "/api/releases/" + releaseId + "/rollout/stop", "{\"reason\":\"Vendor advice\"}"));
            driver.runJobs();
        });

        ProcessInstance rejected = driver.submit(PILOT_VARIANT, ReleaseDriver.uniqueVersion(), "STANDARD");
        row("a release is rejected", NotificationKind.RELEASE_REJECTED, union(pilotParties, Set.of("dcc")),
                () -> driver.decide(rejected, "UserTask_ApproveFirmwareCsp", "REJECTED"));
        ProcessInstance withdrawn = driver.submit(PILOT_VARIANT, ReleaseDriver.uniqueVersion(), "STANDARD");
        row("DCC withdraws a release", NotificationKind.RELEASE_WITHDRAWN, pilotParties, () -> {
            ok(api.postJson("dcc", "/api/releases/" + driver.releaseId(withdrawn) + "/withdrawal",
                    "{\"reason\":\"Vendor recalled the image\"}"));
            driver.runJobs();
        });

        ProcessInstance mature = driver.runToMassRollout(MATURE_VARIANT, ReleaseDriver.uniqueVersion());
        long matureId = driver.releaseId(mature);
        row("DCC pauses the whole rollout", NotificationKind.ROLLOUT_PAUSED,
                union(suppliersOf(MATURE_VARIANT, null), Set.of("csp-central-south")),
                () -> ok(api.postJson("dcc", "/api/releases/" + matureId + "/rollout/pause", "{\"reason\":\"x\"}")));
        row("DCC resumes it", NotificationKind.ROLLOUT_RESUMED,
                union(suppliersOf(MATURE_VARIANT, null), Set.of("csp-central-south")),
                () -> ok(api.postJson("dcc", "/api/releases/" + matureId + "/rollout/resume", "{\"reason\":\"x\"}")));
        row("the last batches finish and the release is rolled out", NotificationKind.RELEASE_ROLLED_OUT,
                union(suppliersOf(MATURE_VARIANT, null), Set.of("csp-central-south", "dcc")), () -> {
                    while (driver.upgradeAllBatches() > 0) {
                        driver.runJobs();
                    }
                });

        row("DCC writes to the customers with hubs of a variant", NotificationKind.MESSAGE, suppliersOf(1L, null),
                () -> ok(api.postJson("dcc", "/api/notifications/messages",
                        "{\"subject\":\"Maintenance\",\"text\":\"Head-end maintenance on Sunday\",\"variantId\":1}")));
        row("a CSP writes to the customers of its region", NotificationKind.MESSAGE, suppliersOf(null, "NORTH"),
                () -> ok(api.postJson("csp-north", "/api/notifications/messages",
                        "{\"subject\":\"Network\",\"text\":\"North network upgrade tonight\"}")));

        SoftAssertions softly = new SoftAssertions();
        for (Row row : table) {
            softly.assertThat(row.told()).as(row.event() + " (" + row.kind() + ")").isEqualTo(row.concerned());
            softly.assertThat(row.links()).as(row.event() + ": links").allSatisfy(link -> assertThat(link)
                    .startsWith("/").doesNotStartWith("/api"));
        }
        Set<NotificationKind> tested = EnumSet.copyOf(COVERED_ELSEWHERE);
        table.forEach(row -> tested.add(row.kind()));
        softly.assertThat(tested).as("every kind has its row").containsExactlyInAnyOrder(NotificationKind.values());
        softly.assertAll();
    }

    @Test
    void shouldKeepACspsMessageInItsRegionAndRefuseOthers() {
        assertThat(api.postJson("csp-north", "/api/notifications/messages",
                "{\"subject\":\"x\",\"text\":\"y\",\"region\":\"CENTRAL_SOUTH\"}").statusCode()).isEqualTo(403);
        assertThat(api.postJson("supplier-aurora", "/api/notifications/messages",
                "{\"subject\":\"x\",\"text\":\"y\"}").statusCode()).isEqualTo(403);
        assertThat(api.postJson("dcc-testing", "/api/notifications/messages",
                "{\"subject\":\"x\",\"text\":\"y\"}").statusCode()).isEqualTo(403);
        assertThat(api.postJson("dcc", "/api/notifications/messages", "{\"subject\":\"x\"}").body()).contains("text");
        assertThat(api.postJson("dcc", "/api/notifications/messages", "{\"subject\":\"x\",\"text\":\"y\",\"variantId\":999}")
                .statusCode()).isEqualTo(400);
    }

    private void row(String event, NotificationKind kind, Set<String> concerned, Runnable action) {
        long before = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM notification", Long.class);
        action.run();
        Set<String> told = new TreeSet<>(jdbc.queryForList("SELECT COALESCE(recipient_group, recipient_user) FROM notification "
                + "WHERE id > ? AND kind = ?", String.class, before, kind.name()));
        List<String> links = jdbc.queryForList("SELECT link FROM notification WHERE id > ? AND kind = ?", String.class,
                before, kind.name());
        table.add(new Row(event, kind, told, new TreeSet<>(concerned), links));
    }

    /** The supplier groups responsible for a hub of the variant in the region (either may be null: any), by SQL. */
    private Set<String> suppliersOf(Long variantId, String region) {
        return new TreeSet<>(jdbc.queryForList("""
                SELECT DISTINCT 'supplier-' || s FROM (
                  SELECT electricity_supplier AS s, variant_id, csp_region FROM comms_hub
                  UNION ALL SELECT gas_supplier, variant_id, csp_region FROM comms_hub) h
                WHERE s IS NOT NULL AND (CAST(? AS BIGINT) IS NULL OR variant_id = ?)
                AND (CAST(? AS VARCHAR(16)) IS NULL OR csp_region = ?)""", String.class, variantId, variantId, region, region));
    }

    private static void ok(java.net.http.HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

}
