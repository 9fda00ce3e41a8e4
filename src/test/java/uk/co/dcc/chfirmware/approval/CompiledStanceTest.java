package uk.co.dcc.chfirmware.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.approval.stance.CompiledStance;
import uk.co.dcc.chfirmware.approval.stance.Cutoffs;
import uk.co.dcc.chfirmware.approval.stance.SqlCondition;
import uk.co.dcc.chfirmware.approval.stance.Stance;
import uk.co.dcc.chfirmware.approval.stance.StancePredicate;
import uk.co.dcc.chfirmware.approval.stance.StanceService;
import uk.co.dcc.chfirmware.approval.stance.StanceSource;

/**
 * The stance compiled for publication ({@link CompiledStance}: the rows read once and written into the statement as
 * values) decides every hub as its definition does ({@link StancePredicate}: subqueries over the rows per hub), on a
 * release where the suppliers' decisions take every shape: a whole estate approved with one region held, approvals and a
 * hold by configuration set, a whole-estate decision row, a GUID list, an opt-out, a supplier that says nothing; judged
 * by the stance rows alone (no per-hub approval: the compiled stance leaves their lookup out), before any cut-off, after one supplier's own earlier cut-off, after everyone's with one supplier granted more time,
 * and after all. Publication's three questions are compared: may the hub go, is it withheld, may it go early.
 */
@ApplicationTest
class CompiledStanceTest extends ApiTestSupport {

    private static final long VARIANT = 3;

    @Autowired ApprovalService approvals;
    @Autowired ParticipationService participation;
    @Autowired StanceService stances;
    @Autowired Cutoffs cutoffs;

    @Test
    void shouldDecideEveryHubAsTheStancesDefinitionDoesWhateverTheRowsAndTheCutoffs() {
        List<String> suppliers = jdbc.queryForList("""
                SELECT x.s FROM (SELECT electricity_supplier AS s FROM comms_hub WHERE variant_id = ?
                                 UNION ALL SELECT gas_supplier FROM comms_hub WHERE variant_id = ?) x
                WHERE x.s IS NOT NULL GROUP BY x.s ORDER BY COUNT(*) DESC, x.s""", String.class, VARIANT, VARIANT);
        assertThat(suppliers).hasSizeGreaterThanOrEqualTo(6);
        String wholeButNorth = suppliers.get(0);
        String bySets = suppliers.get(1);
        String decisionRow = suppliers.get(2);
        String listing = suppliers.get(3);
        String earlyCutoff = suppliers.get(4);
        String moreTime = suppliers.get(5);
        long releaseId = driver.releaseId(driver.runToProductionCpl(VARIANT, ReleaseDriver.uniqueVersion()));
        List<String> sets = jdbc.queryForList("""
                SELECT s.code FROM comms_hub h JOIN configuration_set s ON s.id = h.configuration_set_id
                WHERE h.variant_id = ? AND (h.electricity_supplier = ? OR h.gas_supplier = ?)
                GROUP BY s.code ORDER BY COUNT(*) DESC, s.code""", String.class, VARIANT, bySets, bySets);
        assertThat(sets).hasSizeGreaterThanOrEqualTo(2);

        stances.record(releaseId, wholeButNorth, Stance.APPROVED, null, null, StanceSource.WHOLE_ESTATE, null, wholeButNorth);
        stances.record(releaseId, wholeButNorth, Stance.HELD, "NORTH", null, StanceSource.SUPPLIER, "North head-end trial",
                wholeButNorth);
        stances.record(releaseId, bySets, Stance.APPROVED, null, sets.get(0), StanceSource.RULE, "Whenever installed", bySets);
        stances.record(releaseId, bySets, Stance.APPROVED, "CENTRAL_SOUTH", sets.get(1), StanceSource.SUPPLIER, null, bySets);
        stances.record(releaseId, bySets, Stance.HELD, "CENTRAL_SOUTH", sets.get(0), StanceSource.SUPPLIER,
                "PPMID defect in triage", bySets);
        stances.record(releaseId, decisionRow, Stance.APPROVED, null, null, StanceSource.PILOT_CONFIRMED, null, "dcc");
        // decided by rows alone: the compiled stance asks no per-hub approval of any hub
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_approval WHERE release_id = ?", Long.class, releaseId))
                .as("no per-hub approval yet").isZero();
        compare(releaseId, Timestamp.from(Instant.now()), "by stance rows alone, before any per-hub approval");
        approvals.approveWholeEstateAndJoin(releaseId, decisionRow, decisionRow);
        approvals.approveGuidList(releaseId, listing, jdbc.queryForList("""
                SELECT guid FROM comms_hub WHERE variant_id = ? AND (electricity_supplier = ? OR gas_supplier = ?)
                AND MOD(id, 3) = 0 ORDER BY id""", String.class, VARIANT, listing, listing), listing);
        participation.optOut(releaseId, suppliers.get(suppliers.size() - 1), "dcc");

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        compare(releaseId, Timestamp.from(now), "before any cut-off");
        cutoffs.set(releaseId, null, now.plus(2, ChronoUnit.HOURS), "The policy's cut-off", "dcc");
        cutoffs.set(releaseId, earlyCutoff, now.plus(1, ChronoUnit.HOURS), "Asked to decide sooner", "dcc");
        cutoffs.set(releaseId, moreTime, now.plus(4, ChronoUnit.HOURS), "More time for its field trial", "dcc");
        compare(releaseId, Timestamp.from(now.plus(90, ChronoUnit.MINUTES)), "one supplier's own cut-off passed");
        compare(releaseId, Timestamp.from(now.plus(3, ChronoUnit.HOURS)), "everyone's passed, one supplier has more time");
        compare(releaseId, Timestamp.from(now.plus(5, ChronoUnit.HOURS)), "every cut-off passed");
    }

    private void compare(long releaseId, Timestamp at, String when) {
        CompiledStance compiled = CompiledStance.of(jdbc, releaseId, at);
        List<Long> permitted = hubs(releaseId, compiled.everySupplierPermits());
        assertThat(permitted).as("permitted, %s", when).isEqualTo(hubs(releaseId,
                StancePredicate.everySupplierPermits(releaseId, at))).isNotEmpty();
        List<Long> withheld = hubs(releaseId, compiled.someSupplierWithholds());
        assertThat(withheld).as("withheld, %s", when).isEqualTo(hubs(releaseId,
                StancePredicate.someSupplierWithholds(releaseId, at))).isNotEmpty();
        assertThat(permitted.size() + withheld.size()).as("every hub one or the other, %s", when)
                .isEqualTo(hubs(releaseId, new SqlCondition("", List.of())).size());
        assertThat(hubs(releaseId, compiled.someSupplierApprovesEarly())).as("early, %s", when)
                .isEqualTo(hubs(releaseId, StancePredicate.someSupplierApprovesEarly(releaseId))).isNotEmpty();
    }

    private List<Long> hubs(long releaseId, SqlCondition condition) {
        List<Object> args = new ArrayList<>(List.of(releaseId));
        args.addAll(condition.args());
        return jdbc.queryForList("""
                SELECT h.id FROM comms_hub h JOIN firmware_release r ON r.variant_id = h.variant_id
                WHERE r.id = ? AND h.firmware_version <> r.firmware_version""" + condition.sql() + " ORDER BY h.id",
                Long.class, args.toArray());
    }
}
