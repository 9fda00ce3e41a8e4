package uk.co.dcc.chfirmware.insight.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.release.RolloutPolicyService;

/**
 * R38: two releases of a variant of the test's own run through customer testing, the pilot and the mass rollout with
 * outcomes the test chooses (as the CSPs report them through the outcome ingest) at times it sets on the engine's clock;
 * the evidence DCC reads over the API is what the test itself counted and timed: per release its feedback, pilot failures,
 * problems reported, hubs held, mass-rollout failures and hours in each stage, and for the variant the two summed next to
 * today's policy for an ESTABLISHED variant. Nobody but DCC reads it.
 */
@ApplicationTest
class RetirementEvidenceTest extends ApiTestSupport {

    private static final Map<String, Integer> HUBS = new LinkedHashMap<>(Map.of("aurora", 20, "brightwatt", 20, "celtic", 10));
    private static final long PILOT_HUBS_EACH = EvidenceRun.PILOT_HUBS_EACH;

    @Autowired ReleaseEvidence releaseEvidence;
    @Autowired RolloutPolicyService policies;

    @Test
    void shouldShowEachReleasesPilotFailuresProblemsFeedbackHoldsAndTimeInStageAsTheTestCountedThem() throws IOException {
        EvidenceVariant variant = new EvidenceVariant(jdbc);
        Map<String, List<String>> guids = variant.importHubs(api, HUBS);
        Instant t0 = moveToAnHourOfItsOwn();

        // Release A: brightwatt's feedback negative, celtic's missing; 3 of the 20 pilot hubs fail; brightwatt reports
        // problems (and so holds its 20 hubs until DCC overrides it); celtic approved its whole estate, so its hubs go
        // early, in mass-rollout batches during the pilot (R39), and one of them fails.
        EvidenceRun a = new EvidenceRun(driver, jdbc, variant.id(), t0);
        a.throughCustomerTesting(HUBS.keySet(), Map.of("aurora", "POSITIVE", "brightwatt", "NEGATIVE"));
        a.toPilot();
        String massFailure = guids.get("celtic").get(3);
        List<String> pilotFailures = new ArrayList<>(a.pilotGuids("aurora").subList(0, 2));
        pilotFailures.add(a.pilotGuids("brightwatt").get(0));
        List<String> failures = new ArrayList<>(pilotFailures);
        failures.add(massFailure);
        driver.upgradeAllBatches(failures.toArray(String[]::new));
        a.assess(Map.of("aurora", "CONFIRMED", "brightwatt", "PROBLEMS_REPORTED"));
        a.toMassRollout();
        driver.upgradeAllBatches(massFailure);
        api.json(api.postJson("dcc", "/api/releases/" + a.releaseId + "/stance/overrides",
                "{\"supplier\":\"brightwatt\",\"reason\":\"Fix confirmed on brightwatt's rig\"}"), 201);
        driver.runJobs();
        driver.upgradeAllBatches(massFailure);
        a.at(86);
        Task review = driver.task(a.release, "UserTask_ReviewUnupgradedHubs");
        engine.getTaskService().setAssignee(review.getId(), "dcc");
        driver.complete(review, Map.of("retryDecision", "FINISH", "retryDecisionComment", "Hub to be swapped on site"));
        assertThat(status(a.releaseId)).isEqualTo("ROLLED_OUT");
        Set<String> massA = driver.publishedInMassRollout(a.releaseId);
        List<String> heldBack = new ArrayList<>(guids.get("brightwatt"));
        heldBack.removeAll(a.pilotGuids("brightwatt"));
        assertThat(massA).as("celtic's and, once DCC overrode the hold, brightwatt's").contains(massFailure)
                .containsAll(heldBack);

        // Release B: everything positive, nothing fails.
        EvidenceRun b = new EvidenceRun(driver, jdbc, variant.id(), t0.plus(Duration.ofHours(100)));
        b.throughCustomerTesting(HUBS.keySet(), Map.of("aurora", "POSITIVE", "brightwatt", "POSITIVE", "celtic", "POSITIVE"));
        b.toPilot();
        driver.upgradeAllBatches();
        b.assess(Map.of("aurora", "CONFIRMED", "brightwatt", "CONFIRMED"));
        b.toMassRollout();
        b.at(86);
        driver.upgradeAllBatches();
        assertThat(status(b.releaseId)).isEqualTo("ROLLED_OUT");
        Set<String> massB = driver.publishedInMassRollout(b.releaseId);

        JsonNode evidence = api.json(api.get("dcc", "/api/evidence/variants/" + variant.id()), 200);
        JsonNode releases = evidence.get("releases");
        assertThat(releases).hasSize(2);
        JsonNode ra = releases.get(0);
        assertThat(ra.get("releaseId").asLong()).isEqualTo(a.releaseId);
        assertFeedback(ra, 3, 1, 1, 1);
        assertPilot(ra, 2 * PILOT_HUBS_EACH, pilotFailures.size(), 1, 1);
        assertThat(ra.at("/pilot/suppliersApprovingWholeEstate").asLong()).isEqualTo(1);
        assertThat(ra.at("/holds/suppliersHolding").asLong()).isEqualTo(1);
        assertThat(ra.at("/holds/hubsHeld").asLong()).as("brightwatt's hubs").isEqualTo((long) HUBS.get("brightwatt"));
        assertThat(ra.at("/massRollout/hubs").asLong()).isEqualTo(massA.size());
        assertThat(ra.at("/massRollout/failed").asLong()).isEqualTo(1);
        assertThat(ra.at("/massRollout/failureRate").asDouble()).isCloseTo(1.0 / massA.size(), within(1e-9));
        assertHours(ra, 6, 24, 1, 49, 6);

        JsonNode rb = releases.get(1);
        assertThat(rb.get("releaseId").asLong()).isEqualTo(b.releaseId);
        assertFeedback(rb, 3, 3, 0, 0);
        assertPilot(rb, 2 * PILOT_HUBS_EACH, 0, 2, 0);
        assertThat(rb.at("/holds/hubsHeld").asLong()).isZero();
        assertThat(rb.at("/massRollout/hubs").asLong()).isEqualTo(massB.size());
        assertThat(rb.at("/massRollout/failed").asLong()).isZero();
        assertHours(rb, 6, 24, 1, 49, 6);

        JsonNode window = evidence.at("/variant/window");
        assertThat(window.get("pilotReleases").asInt()).isEqualTo(2);
        assertThat(window.get("pilotHubs").asLong()).isEqualTo(4 * PILOT_HUBS_EACH);
        assertThat(window.get("pilotFailed").asLong()).isEqualTo(pilotFailures.size());
        assertThat(window.get("pilotFailureRate").asDouble()).isCloseTo(3.0 / 40, within(1e-9));
        assertThat(window.get("assessments").asLong()).isEqualTo(4);
        assertThat(window.get("problemRate").asDouble()).isCloseTo(0.25, within(1e-9));
        assertThat(window.get("feedbackNegative").asLong()).isEqualTo(1);
        assertThat(window.get("feedbackNone").asLong()).isEqualTo(1);
        assertThat(window.get("hubsHeld").asLong()).isEqualTo((long) HUBS.get("brightwatt"));
        assertThat(window.get("averagePilotHours").asDouble()).isCloseTo(49, within(1e-9));
        assertThat(window.get("rolloutHubs").asLong()).isEqualTo(massA.size() + massB.size());
        assertThat(window.get("rolloutFailed").asLong()).isEqualTo(1);
        JsonNode standard = evidence.at("/variant/policy/0");
        assertThat(standard.get("releaseType").asText()).isEqualTo("STANDARD");
        assertThat(standard.get("pilotRequired").asBoolean()).isTrue();
        assertThat(standard.get("pilotCapPerSupplier").asInt()).isEqualTo(5000);
        JsonNode reading = evidence.at("/variant/reading");
        assertThat(reading.get("withinThreshold").asBoolean()).isFalse();
        assertThat(reading.get("text").asText()).contains("Last 2 releases with a pilot: 3 of 40 pilot hubs failed (7.5%), "
                + "1 of 4 assessments reported problems").contains("a pilot (cap 5000 hubs per supplier) required");
        assertThat(reading.get("outsideThreshold")).extracting(JsonNode::asText).contains("fewer than 3 releases with a pilot",
                "pilot failures above 1.0%", "problems reported", "negative feedback", "hubs held");

        // Migration 62 derives the phases of the releases before it from earlier records: for these two it derives what
        // the listener recorded.
        for (long releaseId : List.of(a.releaseId, b.releaseId)) {
            assertThat(backfilledPhases(releaseId)).as("release %d", releaseId).isEqualTo(recordedPhases(releaseId))
                    .containsKeys("IN_APPROVAL", "ON_PRODUCTION_CPL", "PILOT", "MASS_ROLLOUT", "ROLLED_OUT");
        }

        // The same rule over the latest release with a pilot alone (B: nothing failed, no problems, no holds) is met.
        RetirementEvidence lastOnly = new RetirementEvidence(releaseEvidence, policies, new EvidenceProperties(1, 0.01), jdbc,
                engine.getIdentityService());
        RetirementEvidence.Reading lastReading = lastOnly.variant(variant.id()).variant().reading();
        assertThat(lastReading.outsideThreshold()).isEmpty();
        assertThat(lastReading.withinThreshold()).isTrue();
        assertThat(lastReading.text()).startsWith("Last 1 release with a pilot: 0 of 20 pilot hubs failed (0.0%), 0 of 2 "
                + "assessments reported problems").contains("Within the threshold rule");

        // every variant at once: the same summary for this one, and a MATURE variant's policy already without a pilot
        JsonNode all = api.json(api.get("dcc", "/api/evidence"), 200);
        JsonNode ours = find(all, variant.id());
        assertThat(ours.get("window")).isEqualTo(window);
        assertThat(ours.get("releases").asInt()).isEqualTo(2);
        assertThat(find(all, 3).at("/reading/text").asText()).startsWith("Today's policy for MATURE variants already requires "
                + "neither customer testing nor a pilot");
    }

    @Test
    void shouldRefuseTheEvidenceToEveryoneButDccAndNameABadVariant() {
        for (String user : List.of("supplier-aurora", "supplier-brightwatt", "csp-north", "csp-central-south", "dcc-testing")) {
            assertThat(api.get(user, "/api/evidence").statusCode()).as(user).isEqualTo(403);
            assertThat(api.get(user, "/api/evidence/variants/4").statusCode()).as(user).isEqualTo(403);
        }
        assertThat(api.get(null, "/api/evidence").statusCode()).isEqualTo(401);
        assertThat(api.json(api.get("dcc", "/api/evidence/variants/987654321"), 400).get("detail").asText())
                .isEqualTo("variantId: no CH variant with id 987654321");
        assertThat(api.get("dcc", "/api/evidence/variants/four").statusCode()).isEqualTo(400);
    }

    /** The phases migration 62 derives for the release: each of its SELECTs run again over today's records. */
    private Map<String, Instant> backfilledPhases(long releaseId) throws IOException {
        String migration = Files.readString(Path.of("src/main/resources/db/migration/V62__release_phase.sql"));
        Map<String, Instant> phases = new TreeMap<>();
        for (String statement : migration.split(";")) {
            int select = statement.indexOf("SELECT ");
            if (statement.contains("INSERT INTO release_phase") && select >= 0) {
                jdbc.query("SELECT * FROM (" + statement.substring(select) + ") backfill", (ResultSet rs) -> {
                    if (rs.getLong(1) == releaseId) {
                        phases.put(rs.getString(2), rs.getTimestamp(3).toInstant());
                    }
                });
            }
        }
        return phases;
    }

    private Map<String, Instant> recordedPhases(long releaseId) {
        Map<String, Instant> phases = new TreeMap<>();
        jdbc.query("SELECT phase, started_at FROM release_phase WHERE release_id = ?",
                (ResultSet rs) -> { phases.put(rs.getString(1), rs.getTimestamp(2).toInstant()); }, releaseId);
        return phases;
    }

    private static JsonNode find(JsonNode variants, long variantId) {
        for (JsonNode variant : variants) {
            if (variant.get("variantId").asLong() == variantId) {
                return variant;
            }
        }
        throw new AssertionError("No variant " + variantId + " in " + variants);
    }

    private static void assertFeedback(JsonNode release, long asked, long positive, long negative, long none) {
        assertThat(release.at("/feedback/asked").asLong()).isEqualTo(asked);
        assertThat(release.at("/feedback/positive").asLong()).isEqualTo(positive);
        assertThat(release.at("/feedback/negative").asLong()).isEqualTo(negative);
        assertThat(release.at("/feedback/none").asLong()).isEqualTo(none);
    }

    private static void assertPilot(JsonNode release, long hubs, long failed, long confirmed, long problems) {
        assertThat(release.at("/pilot/suppliersPiloting").asLong()).isEqualTo(2);
        assertThat(release.at("/pilot/hubs").asLong()).isEqualTo(hubs);
        assertThat(release.at("/pilot/failed").asLong()).isEqualTo(failed);
        assertThat(release.at("/pilot/upgraded").asLong()).isEqualTo(hubs - failed);
        assertThat(release.at("/pilot/failureRate").asDouble()).isCloseTo((double) failed / hubs, within(1e-9));
        assertThat(release.at("/pilot/assessmentsConfirmed").asLong()).isEqualTo(confirmed);
        assertThat(release.at("/pilot/assessmentsReportingProblems").asLong()).isEqualTo(problems);
        assertThat(release.at("/pilot/problemRate").asDouble()).isCloseTo((double) problems / (confirmed + problems),
                within(1e-9));
    }

    private static void assertHours(JsonNode release, double approvals, double customerTesting, double onCpl, double pilot,
                                    double massRollout) {
        assertThat(release.at("/phases/approvalsHours").asDouble()).isCloseTo(approvals, within(1e-9));
        assertThat(release.at("/phases/customerTestingHours").asDouble()).isCloseTo(customerTesting, within(1e-9));
        assertThat(release.at("/phases/onProductionCplHours").asDouble()).isCloseTo(onCpl, within(1e-9));
        assertThat(release.at("/phases/pilotHours").asDouble()).isCloseTo(pilot, within(1e-9));
        assertThat(release.at("/phases/massRolloutHours").asDouble()).isCloseTo(massRollout, within(1e-9));
    }

    private String status(long releaseId) {
        return jdbc.queryForObject("SELECT status FROM firmware_release WHERE id = ?", String.class, releaseId);
    }
}
