package uk.co.dcc.chfirmware.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.rules.NewHubImports;

/**
 * Why a release's hubs are not going (issue 11; R14, R29, R30): beside "withheld by suppliers", the rollout views and the
 * release page count the hubs suspended by flags and those waiting as new installs. Seeded with a supplier holding a
 * configuration set that has a split hub, the split hub's other supplier raising a flag, and a third supplier's rule that
 * new installs wait 30 days, each figure equals a plain SQL count with its own WHERE (not the product's predicate), for
 * DCC of every hub and for a supplier of its own; and once the rollout has published what may go, exactly the hubs those
 * counts name are left.
 */
@ApplicationTest
class HeldBackFiguresTest extends ApiTestSupport {

    private static final long VARIANT = 5;

    @AfterEach
    void endRulesAndFlags() {
        jdbc.update("UPDATE supplier_rule SET ended_at = CURRENT_TIMESTAMP, ended_by = 'test', end_reason = 'test ended' "
                + "WHERE ended_at IS NULL");
        jdbc.update("UPDATE hub_flag SET lowered_at = CURRENT_TIMESTAMP, lowered_by = 'test', lower_reason = 'test ended' "
                + "WHERE lowered_at IS NULL");
    }

    @Test
    void shouldCountWithheldSuspendedAndWaitingHubsAsIndependentCountsSayForDccAndForEachSupplierItsOwn() {
        // A split hub: its electricity supplier holds the hub's configuration set, its gas supplier raises a flag.
        Map<String, Object> split = splitHub();
        String holder = (String) split.get("holder");
        String raiser = (String) split.get("raiser");
        String setCode = (String) split.get("set_code");
        long setId = ((Number) split.get("set_id")).longValue();
        String waiter = waiterBesides(holder, raiser);
        String model = rarestModelOf(raiser);
        // New installs: two of the waiter's, and one of the raiser's alone (electricity only), which the waiter's rule
        // must not hold.
        LocalDate today = NewHubImports.today();
        NewHubImports.importHubs(api, jdbc, VARIANT, waiter, NewHubImports.commonSetOf(jdbc, VARIANT, waiter),
                List.of(today.minusDays(2), today.minusDays(40)));
        List<String> raisersNew = NewHubImports.importHubs(api, jdbc, VARIANT, raiser,
                NewHubImports.commonSetOf(jdbc, VARIANT, raiser), List.of(today.minusDays(1)));

        ProcessInstance release = driver.runToMassRolloutApproval(VARIANT, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);
        String base = "/api/releases/" + releaseId;
        String firmware = jdbc.queryForObject("SELECT firmware_version FROM firmware_release WHERE id = ?", String.class,
                releaseId);
        api.json(api.send("dcc", "demo", "PUT", base + "/cutoff", "application/json", "{\"cutoffAt\":\""
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\",\"reason\":\"Undecided suppliers' hubs go now\"}"), 200);
        api.json(api.postJson("supplier-" + holder, base + "/stance", "{\"stance\":\"HELD\",\"configurationSet\":\""
                + setCode + "\",\"reason\":\"Field trial of this set still running\"}"), 201);
        api.json(api.postJson("supplier-" + raiser, "/api/flags", "{\"target\":\"HAN_DEVICE_MODEL\",\"model\":\"" + model
                + "\",\"reason\":\"Defect in triage: the device drops off after a CH upgrade\"}"), 201);
        api.json(api.postJson("supplier-" + waiter, "/api/rules", "{\"kind\":\"NEW_INSTALLS\",\"action\":\"WAIT\","
                + "\"installedWithinDays\":30,\"variantId\":" + VARIANT + ",\"reason\":\"New installs settle first\"}"), 201);

        Independent counts = new Independent(firmware, holder, setId, raiser, model, waiter, today.minusDays(30));
        assertThat(counts.withheld(raiser)).as("the split hub is withheld from its other supplier too").isNotEmpty();
        assertThat(counts.suspended(null)).isNotEmpty();
        assertThat(counts.waiting(null)).hasSize(1).doesNotContainAnyElementsOf(raisersNew);

        JsonNode rollout = api.json(api.get("dcc", base + "/rollout"), 200);
        assertFigures(rollout, counts, null);
        assertThat(rollout.get("hubsAwaitingPrerequisite").asLong()).isZero();
        assertFigures(api.json(api.get("dcc", base + "/history"), 200).get("figures").get("heldBack"), counts, null);
        JsonNode csp = api.json(api.get("csp-central-south", base + "/rollout"), 200);
        assertThat(csp.get("hubsSuspendedByFlags").asLong()).isEqualTo(rollout.get("hubsSuspendedByFlags").asLong());
        for (String supplier : List.of(holder, raiser, waiter)) {
            String page = api.get("supplier-" + supplier, base + "/history").body();
            assertFigures(api.json(api.get("supplier-" + supplier, base + "/history"), 200).get("figures").get("heldBack"),
                    counts, supplier);
            for (String other : List.of(holder, raiser, waiter)) {
                if (!other.equals(supplier)) {
                    assertThat(page).as("%s's page names no other supplier", supplier).doesNotContain("\"" + other + "\"")
                            .doesNotContain("supplier-" + other);
                }
            }
        }
        assertThat(api.get("supplier-" + raiser, base + "/rollout").statusCode()).isEqualTo(403);

        // Published what may go: the hubs left are exactly those the independent counts name, and the figures still agree.
        driver.decide(release, "UserTask_GrantMassRolloutApproval", "APPROVED");
        driver.rollOutWhatMayGo();
        Set<String> left = new HashSet<>(counts.pool());
        left.removeAll(driver.publishedInMassRollout(releaseId));
        Set<String> named = new HashSet<>(counts.withheld(null));
        named.addAll(counts.suspended(null));
        named.addAll(counts.waiting(null));
        assertThat(left).as("every hub left has a reason counted, and every hub counted is left").isEqualTo(named);
        assertThat(driver.publishedInMassRollout(releaseId)).as("the waiter's rule holds not the raiser's new install")
                .containsAll(raisersNew);
        assertFigures(api.json(api.get("dcc", base + "/rollout"), 200), counts, null);
        assertFigures(api.json(api.get("supplier-" + raiser, base + "/history"), 200).get("figures").get("heldBack"),
                counts, raiser);
    }

    /**
     * Read again, the figures are those counted before (their {@code countedAt} stands though the clock moved on) until
     * something that moves them happens: after a stance, a flag, a rule, an import, a publication and an outcome fold the
     * next read counts them again ({@code countedAt} is the clock's now) and they equal the independent counts; so it
     * does, with nothing changed, once they are older than {@code chfw.rollout.held-back-max-age}. The clock is the
     * engine's, set by the test, so no step depends on how fast it runs.
     */
    @Test
    void shouldReadTheFiguresCountedLastUntilSomethingMovesThemOrTheyAreTooOld() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ClockUtil.setCurrentTime(java.util.Date.from(start));
        Map<String, Object> split = splitHub();
        String holder = (String) split.get("holder");
        String raiser = (String) split.get("raiser");
        // not the other test's waiter: the new install imported here must not count among its hubs
        String waiter = waiterBesides(holder, raiser, waiterBesides(holder, raiser));
        String model = rarestModelOf(raiser);
        LocalDate today = NewHubImports.today();
        ProcessInstance release = driver.runToMassRolloutApproval(VARIANT, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);
        String base = "/api/releases/" + releaseId;
        String firmware = jdbc.queryForObject("SELECT firmware_version FROM firmware_release WHERE id = ?", String.class,
                releaseId);
        Independent counts = new Independent(firmware, holder, ((Number) split.get("set_id")).longValue(), raiser, model,
                waiter, today.minusDays(30));
        counts.inPlace = 0;
        api.json(api.send("dcc", "demo", "PUT", base + "/cutoff", "application/json", "{\"cutoffAt\":\"" + start
                + "\",\"reason\":\"Undecided suppliers' hubs go now\"}"), 200);

        String counted = countedAgain(base, counts, holder);
        tick(Duration.ofSeconds(1));
        assertThat(api.json(api.get("dcc", base + "/rollout"), 200).get("heldBackCountedAt").asText())
                .as("read again, not counted again").isEqualTo(counted);
        assertThat(heldBack(base, holder).get("countedAt").asText()).isEqualTo(counted);

        api.json(api.postJson("supplier-" + holder, base + "/stance", "{\"stance\":\"HELD\",\"configurationSet\":\""
                + split.get("set_code") + "\",\"reason\":\"Field trial of this set still running\"}"), 201);
        counts.inPlace = 1;
        assertThat(counts.withheld(null)).isNotEmpty();
        countedAgain(base, counts, holder);
        api.json(api.postJson("supplier-" + raiser, "/api/flags", "{\"target\":\"HAN_DEVICE_MODEL\",\"model\":\"" + model
                + "\",\"reason\":\"Defect in triage: the device drops off after a CH upgrade\"}"), 201);
        counts.inPlace = 2;
        assertThat(counts.suspended(null)).isNotEmpty();
        countedAgain(base, counts, raiser);
        api.json(api.postJson("supplier-" + waiter, "/api/rules", "{\"kind\":\"NEW_INSTALLS\",\"action\":\"WAIT\","
                + "\"installedWithinDays\":30,\"variantId\":" + VARIANT + ",\"reason\":\"New installs settle first\"}"), 201);
        counts.inPlace = 3;
        countedAgain(base, counts, waiter);
        int waiting = counts.waiting(null).size();
        NewHubImports.importHubs(api, jdbc, VARIANT, waiter, NewHubImports.commonSetOf(jdbc, VARIANT, waiter),
                List.of(today.minusDays(2)));
        assertThat(counts.waiting(null)).hasSize(waiting + 1);
        countedAgain(base, counts, waiter);

        driver.decide(release, "UserTask_GrantMassRolloutApproval", "APPROVED");
        driver.runJobs();
        assertThat(driver.publishedInMassRollout(releaseId)).as("a wave is published").isNotEmpty();
        countedAgain(base, counts, holder);
        List<LockedExternalTask> batches = driver.fetchOpenBatches();
        assertThat(batches).isNotEmpty();
        driver.finishBatch(batches.get(0));
        countedAgain(base, counts, holder);

        tick(Duration.ofMinutes(1));
        assertThat(api.json(api.get("dcc", base + "/rollout"), 200).get("heldBackCountedAt").asText())
                .as("read again once a minute old, counted again").isEqualTo(ClockUtil.getCurrentTime().toInstant().toString());
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    /**
     * One second later, DCC's rollout view and a supplier's release page count the figures again, equal to the
     * independent counts; returns when DCC's were counted.
     */
    private String countedAgain(String base, Independent counts, String supplier) {
        tick(Duration.ofSeconds(1));
        String now = ClockUtil.getCurrentTime().toInstant().toString();
        JsonNode rollout = api.json(api.get("dcc", base + "/rollout"), 200);
        assertThat(rollout.get("heldBackCountedAt").asText()).as("counted again").isEqualTo(now);
        assertFigures(rollout, counts, null);
        JsonNode own = heldBack(base, supplier);
        assertThat(own.get("countedAt").asText()).isEqualTo(now);
        assertFigures(own, counts, supplier);
        return now;
    }

    private JsonNode heldBack(String base, String supplier) {
        return api.json(api.get("supplier-" + supplier, base + "/history"), 200).get("figures").get("heldBack");
    }

    private static void tick(Duration by) {
        ClockUtil.setCurrentTime(java.util.Date.from(ClockUtil.getCurrentTime().toInstant().plus(by)));
    }

    /** A split hub of the variant: its electricity supplier (the holder), gas supplier (the raiser) and set. */
    private Map<String, Object> splitHub() {
        return jdbc.queryForMap("""
                SELECT h.electricity_supplier AS holder, h.gas_supplier AS raiser, c.code AS set_code, c.id AS set_id
                FROM comms_hub h JOIN configuration_set c ON c.id = h.configuration_set_id
                WHERE h.variant_id = ? AND h.gas_supplier <> h.electricity_supplier ORDER BY h.id FETCH FIRST 1 ROWS ONLY""",
                VARIANT);
    }

    /** Another supplier: the one with the most hubs of the variant besides those given. */
    private String waiterBesides(String... suppliers) {
        List<Object> args = new ArrayList<>(List.of(suppliers));
        args.add(VARIANT);
        return jdbc.queryForObject("SELECT s.code FROM supplier s WHERE s.code NOT IN ("
                + String.join(", ", Collections.nCopies(suppliers.length, "?")) + """
                ) ORDER BY (SELECT COUNT(*) FROM comms_hub h WHERE h.variant_id = ? AND h.electricity_supplier = s.code) DESC,
                s.code FETCH FIRST 1 ROWS ONLY""", String.class, args.toArray());
    }

    /** The HAN device model fewest of the supplier's hubs of the variant have. */
    private String rarestModelOf(String raiser) {
        return jdbc.queryForObject("""
                SELECT d.model FROM han_device d JOIN comms_hub h ON h.id = d.hub_id
                WHERE h.variant_id = ? AND (h.electricity_supplier = ? OR h.gas_supplier = ?)
                GROUP BY d.model ORDER BY COUNT(*), d.model FETCH FIRST 1 ROWS ONLY""", String.class, VARIANT, raiser, raiser);
    }

    private static void assertFigures(JsonNode figures, Independent counts, String supplier) {
        String prefix = figures.has("hubsWithheldBySuppliers") ? "hubs" : "";
        assertThat(figures.get(name(prefix, "withheldBySuppliers")).asLong()).as("withheld, %s", supplier)
                .isEqualTo(counts.withheld(supplier).size());
        assertThat(figures.get(name(prefix, "suspendedByFlags")).asLong()).as("suspended, %s", supplier)
                .isEqualTo(counts.suspended(supplier).size());
        assertThat(figures.get(name(prefix, "waitingAsNewInstalls")).asLong()).as("waiting, %s", supplier)
                .isEqualTo(counts.waiting(supplier).size());
    }

    private static String name(String prefix, String figure) {
        return prefix.isEmpty() ? figure : prefix + Character.toUpperCase(figure.charAt(0)) + figure.substring(1);
    }

    /** The seeded reasons counted with plain SQL over the release's hubs still to go, each with its own WHERE. */
    private final class Independent {

        private static final String STILL_TO_GO = "SELECT h.guid FROM comms_hub h WHERE h.variant_id = ? AND h.firmware_version <> ?";
        private static final String OF_SUPPLIER = " AND (CAST(? AS VARCHAR(32)) IS NULL OR h.electricity_supplier = ? OR h.gas_supplier = ?)";

        private final String firmware;
        private final String holder;
        private final long setId;
        private final String raiser;
        private final String model;
        private final String waiter;
        private final LocalDate youngAfter;
        /** How many of the reasons, in the order withheld, suspended, waiting, the test has put in place so far. */
        private int inPlace = 3;

        Independent(String firmware, String holder, long setId, String raiser, String model, String waiter, LocalDate youngAfter) {
            this.firmware = firmware;
            this.holder = holder;
            this.setId = setId;
            this.raiser = raiser;
            this.model = model;
            this.waiter = waiter;
            this.youngAfter = youngAfter;
        }

        Set<String> pool() {
            return new HashSet<>(jdbc.queryForList(STILL_TO_GO, String.class, VARIANT, firmware));
        }

        /** The holder's hubs (either fuel) of the held set. */
        Set<String> withheld(String supplier) {
            return inPlace < 1 ? Set.of()
                    : guids(" AND h.configuration_set_id = ? AND (h.electricity_supplier = ? OR h.gas_supplier = ?)", supplier,
                    setId, holder, holder);
        }

        /** The raiser's hubs (either fuel) with a HAN device of the flagged model. */
        Set<String> suspended(String supplier) {
            return inPlace < 2 ? Set.of()
                    : guids(" AND (h.electricity_supplier = ? OR h.gas_supplier = ?) AND h.id IN (SELECT d.hub_id FROM han_device d "
                    + "WHERE d.model = ?)", supplier, raiser, raiser, model);
        }

        /** The waiter's hubs (either fuel) installed in the last 30 days. */
        Set<String> waiting(String supplier) {
            return inPlace < 3 ? Set.of()
                    : guids(" AND h.install_date > ? AND (h.electricity_supplier = ? OR h.gas_supplier = ?)", supplier,
                    Date.valueOf(youngAfter), waiter, waiter);
        }

        private Set<String> guids(String where, String supplier, Object... args) {
            Object[] all = new Object[args.length + 5];
            all[0] = VARIANT;
            all[1] = firmware;
            System.arraycopy(args, 0, all, 2, args.length);
            all[args.length + 2] = supplier;
            all[args.length + 3] = supplier;
            all[args.length + 4] = supplier;
            return new HashSet<>(jdbc.queryForList(STILL_TO_GO + where + OF_SUPPLIER, String.class, all));
        }
    }
}
