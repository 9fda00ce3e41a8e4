package uk.co.dcc.chfirmware.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.estate.EstateUpdatedEvent;
import uk.co.dcc.chfirmware.release.ReleasePhaseStartedEvent;
import uk.co.dcc.chfirmware.release.ReleaseStatus;
import uk.co.dcc.chfirmware.rollout.batches.BatchClosingEvent;

/**
 * A supplier's event rules (issue 11, item 4; R31) as suppliers and DCC use them over the API: each event of the
 * vocabulary fires its rule's action once in the release it happened in, recorded with its counts, and the same
 * occurrence seen again (a retry, a second node at the same instant) fires nothing more; a batch that finished with too
 * many of the supplier's hubs failed pauses its hubs in the release until it ends the rule, while the others' go on; an
 * import of new hubs fires the supplier's new-install rule; nobody else sees, ends or is touched by a supplier's rules.
 */
@ApplicationTest
class EventRulesTest extends RuleTestSupport {

    private static final long PILOT_VARIANT = 4;
    private static final long VARIANT = 5;

    @Autowired
    private EventRules eventRules;

    @Autowired
    private PlatformTransactionManager transactions;

    @Test
    void shouldFireEachReleaseEventsActionOnceInTheReleaseItHappensIn() {
        String supplier = NewHubImports.biggestSupplierOf(jdbc, PILOT_VARIANT);
        String other = otherSupplierOf(PILOT_VARIANT, supplier);
        String user = "supplier-" + supplier;
        String set = NewHubImports.commonSetOf(jdbc, PILOT_VARIANT, supplier);
        long registered = create(user, "{\"kind\":\"EVENT\",\"event\":\"RELEASE_REGISTERED\",\"action\":\"HOLD\","
                + "\"configurationSet\":\"" + set + "\",\"reason\":\"Hold this set until our PPMID lab has tested\"}");
        long pilot = create(user, "{\"kind\":\"EVENT\",\"event\":\"PILOT_OA_GRANTED\",\"action\":\"NOTIFY\","
                + "\"reason\":\"Tell the comms team\"}");
        long massRollout = create(user, "{\"kind\":\"EVENT\",\"event\":\"MASS_ROLLOUT_OA_GRANTED\",\"action\":\"APPROVE\","
                + "\"variantId\":" + PILOT_VARIANT + ",\"reason\":\"Our pilot is enough\"}");
        long othersRule = create("supplier-" + other, "{\"kind\":\"EVENT\",\"event\":\"PILOT_OA_GRANTED\",\"action\":\"PAUSE\","
                + "\"reason\":\"Not before we say\"}");

        ProcessInstance release = driver.runToPilot(PILOT_VARIANT, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);
        JsonNode held = firing(user, registered, releaseId);
        assertThat(held.get("hubs").asLong()).as("the held set's hubs, counted independently")
                .isEqualTo(ownHubs(supplier, releaseId, set)).isPositive();
        assertThat(stances(user, releaseId)).contains("RULE HELD " + set);
        JsonNode told = firing(user, pilot, releaseId);
        assertThat(told.get("stanceId").isNull()).isTrue();
        assertThat(told.get("hubs").asLong()).isEqualTo(ownHubs(supplier, releaseId, null));
        assertThat(ruleNotices(user, releaseId)).hasSize(1).allSatisfy(message -> assertThat(message)
                .contains("Your event rule " + pilot).contains("DCC granted OA to begin the pilot"));
        assertThat(stances("supplier-" + other, releaseId)).as("the other supplier's own rule paused its own hubs")
                .contains("RULE HELD -");
        assertThat(stances(user, releaseId)).as("and nothing of the supplier's").doesNotContain("RULE HELD -");

        // A retry of the transaction that granted the OA, or a second node seeing it, fires nothing more.
        new TransactionTemplate(transactions).executeWithoutResult(status ->
                eventRules.phaseStarted(new ReleasePhaseStartedEvent(releaseId, ReleaseStatus.PILOT)));
        assertThat(ruleNotices(user, releaseId)).hasSize(1);
        assertThat(firings(user, pilot)).hasSize(1);
        assertThat(firings("supplier-" + other, othersRule)).hasSize(1);

        driver.supplierTasks(release, "UserTask_ChooseParticipation").keySet()
                .forEach(code -> driver.choosePilot(release, code, Map.of("pilotHubCount", 2L)));
        driver.upgradeAllBatches();
        driver.supplierTasks(release, "UserTask_AssessPilot").values()
                .forEach(task -> driver.complete(task, Map.of("pilotAssessment", "CONFIRMED")));
        driver.decide(release, "UserTask_ApprovePhaseCompletion", "APPROVED");
        assertThat(firings(user, massRollout)).isEmpty();
        driver.decide(release, "UserTask_GrantMassRolloutApproval", "APPROVED");
        JsonNode approved = firing(user, massRollout, releaseId);
        assertThat(approved.get("stanceId").isNull()).isFalse();
        assertThat(stances(user, releaseId)).contains("RULE APPROVED -");
        assertThat(firings(user, registered)).as("each rule once, in its own event").hasSize(1);

        // Nobody else sees or ends them.
        assertThat(api.get("supplier-" + other, "/api/rules").body()).doesNotContain("\"supplierCode\":\"" + supplier + "\"");
        assertThat(api.postJson("supplier-" + other, "/api/rules/" + registered + "/end", "{\"reason\":\"not mine\"}")
                .statusCode()).isEqualTo(404);
        assertThat(api.get("csp-central-south", "/api/rules").statusCode()).isEqualTo(403);
        assertThat(api.json(api.get("dcc", "/api/rules"), 200)).extracting(rule -> rule.get("id").asLong())
                .contains(registered, pilot, massRollout, othersRule);

        // Ending the rule ends the stance row it made.
        api.json(api.postJson(user, "/api/rules/" + registered + "/end", "{\"reason\":\"Lab testing passed\"}"), 200);
        assertThat(stances(user, releaseId)).doesNotContain("RULE HELD " + set);
    }

    @Test
    void shouldPauseASuppliersHubsOnceWhenABatchOfThemFailsAboveItsRateUntilItEndsTheRule() {
        String supplier = NewHubImports.biggestSupplierOf(jdbc, VARIANT);
        String user = "supplier-" + supplier;
        ProcessInstance release = driver.runToMassRolloutApproval(VARIANT, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);
        String rule = "{\"kind\":\"EVENT\",\"event\":\"BATCH_FAILURE_RATE\",\"failureRatePercent\":5,\"action\":\"PAUSE\","
                + "\"reason\":\"Stop if our hubs fail\"}";
        JsonNode preview = api.json(api.postJson(user, "/api/rules/preview", rule), 200);
        assertThat(preview.get("summary").asText()).contains("(5%)").contains("pause");
        long ruleId = create(user, rule);
        api.json(api.send("dcc", "demo", "PUT", "/api/releases/" + releaseId + "/cutoff", "application/json",
                "{\"cutoffAt\":\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\",\"reason\":\"Time is up\"}"), 200);
        driver.decide(release, "UserTask_GrantMassRolloutApproval", "APPROVED");
        driver.runJobs();

        // Four of the supplier's hubs in the first wave fail: above 5% of its hubs in their batch, within the wave's limits.
        List<String> ownInWave = jdbc.queryForList("""
                SELECT h.guid FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN comms_hub h ON h.id = bh.hub_id
                WHERE b.release_id = ? AND b.phase = 'MASS_ROLLOUT' AND (h.electricity_supplier = ? OR h.gas_supplier = ?)
                ORDER BY h.id""", String.class, releaseId, supplier, supplier);
        assertThat(ownInWave.size()).as("enough of its hubs in the first wave, few enough that 4 failed exceed 5%")
                .isBetween(4, 79);
        driver.upgradeOpenBatches(ownInWave.subList(0, 4).toArray(String[]::new));
        JsonNode paused = firing(user, ruleId, releaseId);
        assertThat(paused.get("occurrence").asText()).startsWith("BATCH ");
        assertThat(paused.get("hubs").asLong()).isEqualTo(ownHubs(supplier, releaseId, null));
        assertThat(stances(user, releaseId)).contains("RULE HELD -");

        // The close seen again, by two nodes at once, fires nothing more.
        long batchId = Long.parseLong(paused.get("occurrence").asText().substring("BATCH ".length()));
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Void>> nodes = new ArrayList<>();
        for (int node = 0; node < 2; node++) {
            nodes.add(CompletableFuture.runAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                eventRules.batchClosed(new BatchClosingEvent(batchId));
            }));
        }
        start.countDown();
        nodes.forEach(CompletableFuture::join);
        assertThat(firings(user, ruleId)).hasSize(1);

        // The other suppliers' hubs go on; none more of this supplier's.
        driver.rollOutWhatMayGo();
        Set<String> published = driver.publishedInMassRollout(releaseId);
        assertThat(published).hasSizeGreaterThan(ownInWave.size() + 100);
        assertThat(ownPublished(published, supplier)).isEqualTo(new HashSet<>(ownInWave));

        // Ending the rule ends the pause: its hubs go at once.
        api.json(api.postJson(user, "/api/rules/" + ruleId + "/end", "{\"reason\":\"Vendor fixed the cause\"}"), 200);
        driver.rollOutWhatMayGo();
        assertThat(ownPublished(driver.publishedInMassRollout(releaseId), supplier)).hasSizeGreaterThan(ownInWave.size());
    }

    @Test
    void shouldFireANewInstallRuleOnceWhenAnImportAddsTheSuppliersHubs() {
        String supplier = NewHubImports.biggestSupplierOf(jdbc, VARIANT);
        String other = otherSupplierOf(VARIANT, supplier);
        String user = "supplier-" + supplier;
        String set = NewHubImports.commonSetOf(jdbc, VARIANT, supplier);
        ProcessInstance release = driver.submit(VARIANT, ReleaseDriver.uniqueVersion(), "STANDARD");
        long releaseId = driver.releaseId(release);
        long ruleId = create(user, "{\"kind\":\"EVENT\",\"event\":\"NEW_HUB_INSTALLED\",\"action\":\"APPROVE\","
                + "\"configurationSet\":\"" + set + "\",\"reason\":\"Upgrade new installs of this set\"}");
        long notify = create(user, "{\"kind\":\"EVENT\",\"event\":\"NEW_HUB_INSTALLED\",\"action\":\"NOTIFY\","
                + "\"reason\":\"Tell the field team\"}");
        long othersRule = create("supplier-" + other, "{\"kind\":\"EVENT\",\"event\":\"NEW_HUB_INSTALLED\","
                + "\"action\":\"NOTIFY\",\"reason\":\"Tell us\"}");

        NewHubImports.importHubs(api, jdbc, VARIANT, supplier, set, List.of(NewHubImports.today(),
                NewHubImports.today().minusDays(1)));
        JsonNode approved = firing(user, ruleId, releaseId);
        assertThat(approved.get("occurrence").asText()).startsWith("HUBS ");
        assertThat(approved.get("outcome").asText()).contains("2 new comms hubs of yours were installed");
        assertThat(approved.get("hubs").asLong()).isEqualTo(ownHubs(supplier, releaseId, set));
        assertThat(stances(user, releaseId)).contains("RULE APPROVED " + set);
        firing(user, notify, releaseId);
        assertThat(ruleNotices(user, releaseId)).hasSize(1).allSatisfy(message -> assertThat(message)
                .contains("2 new comms hubs of yours were installed"));
        assertThat(firings("supplier-" + other, othersRule)).as("no new hub of the other supplier's").isEmpty();
        assertThat(ruleNotices("supplier-" + other, releaseId)).isEmpty();

        eventRules.estateUpdated(new EstateUpdatedEvent("the same import seen again"));
        firing(user, ruleId, releaseId);
        assertThat(ruleNotices(user, releaseId)).hasSize(1);
    }

    @Test
    void shouldRefuseBadEventRulesNamingTheFieldAndTakeASetWithoutHubsOfTheSupplier() {
        String supplier = NewHubImports.biggestSupplierOf(jdbc, VARIANT);
        String user = "supplier-" + supplier;
        int rules = api.json(api.get(user, "/api/rules"), 200).size();
        assertThat(detail(user, "{\"kind\":\"EVENT\",\"event\":\"FULL_MOON\",\"action\":\"HOLD\",\"reason\":\"x y\"}"))
                .startsWith("event:");
        assertThat(detail(user, "{\"kind\":\"EVENT\",\"action\":\"HOLD\",\"reason\":\"x y\"}")).startsWith("event:");
        assertThat(detail(user, "{\"kind\":\"EVENT\",\"event\":\"RELEASE_REGISTERED\",\"action\":\"PANIC\",\"reason\":\"x y\"}"))
                .startsWith("action:");
        assertThat(detail(user, "{\"kind\":\"EVENT\",\"event\":\"RELEASE_REGISTERED\",\"action\":\"WAIT\",\"reason\":\"x y\"}"))
                .startsWith("action:");
        for (String rate : List.of("100", "-1", "5.555", "null")) {
            assertThat(detail(user, "{\"kind\":\"EVENT\",\"event\":\"BATCH_FAILURE_RATE\",\"failureRatePercent\":" + rate
                    + ",\"action\":\"PAUSE\",\"reason\":\"x y\"}")).as(rate).startsWith("failureRatePercent:");
        }
        assertThat(detail(user, "{\"kind\":\"EVENT\",\"event\":\"RELEASE_REGISTERED\",\"failureRatePercent\":5,"
                + "\"action\":\"PAUSE\",\"reason\":\"x y\"}")).startsWith("failureRatePercent:");
        assertThat(detail(user, "{\"kind\":\"EVENT\",\"event\":\"RELEASE_REGISTERED\",\"action\":\"HOLD\","
                + "\"configurationSet\":\"CS-NOPE\",\"reason\":\"x y\"}")).startsWith("configurationSet:");
        assertThat(detail(user, "{\"kind\":\"EVENT\",\"event\":\"RELEASE_REGISTERED\",\"action\":\"PAUSE\","
                + "\"cspRegion\":\"NORTH\",\"reason\":\"x y\"}")).startsWith("cspRegion:");
        assertThat(api.json(api.get(user, "/api/rules"), 200)).as("nothing saved").hasSize(rules);

        List<String> notMine = jdbc.queryForList("""
                SELECT c.code FROM configuration_set c WHERE NOT EXISTS (SELECT 1 FROM comms_hub h
                  WHERE h.configuration_set_id = c.id AND (h.electricity_supplier = ? OR h.gas_supplier = ?)) ORDER BY c.code""",
                String.class, supplier, supplier);
        String set = notMine.isEmpty() ? NewHubImports.commonSetOf(jdbc, VARIANT, supplier) : notMine.get(0);
        create(user, "{\"kind\":\"EVENT\",\"event\":\"RELEASE_REGISTERED\",\"action\":\"HOLD\",\"configurationSet\":\"" + set
                + "\",\"reason\":\"Hold it wherever we get hubs of it\"}");
    }

    private Set<String> ownPublished(Set<String> published, String supplier) {
        Set<String> own = new HashSet<>(jdbc.queryForList("SELECT guid FROM comms_hub WHERE electricity_supplier = ? "
                + "OR gas_supplier = ?", String.class, supplier, supplier));
        own.retainAll(published);
        return own;
    }

    private String otherSupplierOf(long variantId, String supplier) {
        return jdbc.queryForObject("""
                SELECT MIN(h.electricity_supplier) FROM comms_hub h WHERE h.variant_id = ? AND h.electricity_supplier <> ?""",
                String.class, variantId, supplier);
    }
}
