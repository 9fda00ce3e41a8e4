package uk.co.dcc.chfirmware.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.co.dcc.chfirmware.approval.stance.Stance;
import uk.co.dcc.chfirmware.approval.stance.StanceService;
import uk.co.dcc.chfirmware.approval.stance.StanceSource;
import uk.co.dcc.chfirmware.rules.RuleAction;
import uk.co.dcc.chfirmware.rules.RuleService;
import uk.co.dcc.chfirmware.rules.SupplierRule;
import uk.co.dcc.chfirmware.rollout.waves.RolloutWaves;

/**
 * Issue 11's two figures: one supplier's standing rules applied to a release over the whole estate (each rule one stance
 * row, its hubs counted once, set-wise), and a mass-rollout publication that honours every supplier's stance (decision rows
 * only: no per-hub approval and no join), on an estate with 15% split-supplier hubs. The suppliers' stance is mixed so
 * that the predicate has every case to decide: whole estates approved, one region held, one configuration set approved
 * and another held by rules, one supplier (harbour) undecided before its cut-off. The published count is checked against a count
 * of the same rule written independently (per fuel, with IN lists), so the figure is for work that was right.
 */
final class StanceBenchmark {

    static final String RULES_NAME = "one supplier's standing rules applied to a release";
    static final String PUBLICATION_NAME = "mass-rollout publication honouring every supplier's stance";

    /** The rule holder; approves two configuration sets and holds one by standing rules. */
    private static final String RULES_SUPPLIER = "aurora";
    private static final List<String> APPROVE_WHOLE = List.of("brightwatt", "celtic", "dynamo", "evergreen");
    /** Approves its whole estate but holds the North. */
    private static final String HOLDS_NORTH = "fenland";
    /** Approves its whole estate except one configuration set it holds. */
    private static final String HOLDS_SET = "gleam";

    record Outcome(double rulesMillis, long rulesHubs, double publishMillis, long published) {
    }

    private final JdbcTemplate jdbc;
    private final RuleService rules;
    private final StanceService stances;
    private final RolloutWaves waves;
    private final WholeEstateApprovalBenchmark releases;

    StanceBenchmark(JdbcTemplate jdbc, RuleService rules, StanceService stances, RolloutWaves waves,
                    WholeEstateApprovalBenchmark releases) {
        this.jdbc = jdbc;
        this.rules = rules;
        this.stances = stances;
        this.waves = waves;
        this.releases = releases;
    }

    /** On the estate as loaded (every hub of {@link WholeEstateApprovalBenchmark#VARIANT}); reports into {@code results}. */
    Outcome run(long hubs, Results results, String rulesLabel, String publicationLabel) {
        long releaseId = releases.openRelease(WholeEstateApprovalBenchmark.VARIANT, "9.6." + hubs);
        List<String> sets = jdbc.queryForList("""
                SELECT s.code FROM comms_hub h JOIN configuration_set s ON s.id = h.configuration_set_id
                WHERE h.electricity_supplier = ? OR h.gas_supplier = ? GROUP BY s.code ORDER BY COUNT(*) DESC, s.code""",
                String.class, RULES_SUPPLIER, RULES_SUPPLIER);
        assertThat(sets).as("the rule holder runs at least three configuration sets").hasSizeGreaterThanOrEqualTo(3);

        // One supplier's standing rules, each applied to the open release as it is saved.
        List<RuleService.RuleRequest> requests = List.of(
                stanceRule(RuleAction.APPROVE, sets.get(0), "Upgrade this set whenever installed"),
                stanceRule(RuleAction.APPROVE, sets.get(1), "Upgrade this set whenever installed"),
                stanceRule(RuleAction.HOLD, sets.get(2), "Defect in triage with our PPMIDs"));
        List<Long> saved = new ArrayList<>();
        try {
            return run(hubs, results, rulesLabel, publicationLabel, releaseId, sets, requests, saved);
        } finally {
            // Standing rules stand across releases: left behind, the HOLD would keep the set's hubs out of every later
            // benchmark's release of the variant (the simulated rollout then waited for its hourly recheck for ever).
            for (long ruleId : saved) {
                rules.end(RULES_SUPPLIER, ruleId, "benchmark ended", "bench");
            }
        }
    }

    private Outcome run(long hubs, Results results, String rulesLabel, String publicationLabel, long releaseId,
                        List<String> sets, List<RuleService.RuleRequest> requests, List<Long> savedRules) {
        long rulesHubs = 0;
        double rulesMillis = 0;
        for (RuleService.RuleRequest request : requests) {
            Stopwatch.Timed<SupplierRule> saved = Stopwatch.time(() -> rules.create(RULES_SUPPLIER, request, "bench"));
            savedRules.add(saved.result().id());
            long covered = saved.result().applications().stream().filter(a -> a.releaseId() == releaseId)
                    .mapToLong(SupplierRule.Application::hubs).sum();
            results.add(rulesLabel, "save and apply " + request.action() + " " + request.configurationSet() + " ("
                    + Results.format(covered) + " hubs)", saved.millis(), "ms");
            rulesMillis += saved.millis();
            rulesHubs += covered;
        }
        assertThat(rulesHubs).as("the rules covered the supplier's hubs of those sets").isEqualTo(jdbc.queryForObject("""
                SELECT COUNT(*) FROM comms_hub h JOIN configuration_set s ON s.id = h.configuration_set_id
                WHERE (h.electricity_supplier = ? OR h.gas_supplier = ?) AND s.code IN (?, ?, ?)""", Long.class,
                RULES_SUPPLIER, RULES_SUPPLIER, sets.get(0), sets.get(1), sets.get(2)));

        // Everyone else's stance: a handful of rows.
        List<String> wholeEstate = new ArrayList<>(APPROVE_WHOLE);
        wholeEstate.add(HOLDS_NORTH);
        wholeEstate.add(HOLDS_SET);
        for (String supplier : wholeEstate) {
            stances.record(releaseId, supplier, Stance.APPROVED, null, null, StanceSource.WHOLE_ESTATE, null, "bench");
        }
        stances.record(releaseId, HOLDS_NORTH, Stance.HELD, "NORTH", null, StanceSource.SUPPLIER, "Our North head-end",
                "bench");
        stances.record(releaseId, HOLDS_SET, Stance.HELD, null, sets.get(0), StanceSource.SUPPLIER, "Defect in triage",
                "bench");

        Stopwatch.Timed<RolloutWaves.WavePublication> publication = Stopwatch.time(() -> waves.publishNextWave(releaseId));
        long expected = permittedIndependently(sets);
        assertThat(publication.result().hubCount()).as("exactly the hubs every responsible supplier permits")
                .isEqualTo(expected).isPositive().isLessThan(hubs);
        results.add(publicationLabel, "hubs published of " + Results.format(hubs) + " (" + publication.result().batchCount()
                + " batches; the rest held or undecided)", publication.result().hubCount(), "hubs");
        results.add(publicationLabel, "stance rows decided on", jdbc.queryForObject(
                "SELECT COUNT(*) FROM supplier_stance WHERE release_id = ?", Long.class, releaseId), "rows");
        return new Outcome(rulesMillis, rulesHubs, publication.millis(), publication.result().hubCount());
    }

    private static RuleService.RuleRequest stanceRule(RuleAction action, String set, String reason) {
        return new RuleService.RuleRequest(null, action, WholeEstateApprovalBenchmark.VARIANT, null, set, reason, null, null,
                null);
    }

    /** The same decision written per fuel side, without the product's predicate. */
    private long permittedIndependently(List<String> sets) {
        String approvedEverywhere = "'" + String.join("','", APPROVE_WHOLE) + "'";
        String side = """
                (%1$s IS NULL OR %1$s IN (%2$s)
                 OR (%1$s = '%3$s' AND h.csp_region <> 'NORTH')
                 OR (%1$s = '%4$s' AND s.code <> '%6$s')
                 OR (%1$s = '%5$s' AND s.code IN ('%6$s', '%7$s')))""";
        String electricity = side.formatted("h.electricity_supplier", approvedEverywhere, HOLDS_NORTH, HOLDS_SET,
                RULES_SUPPLIER, sets.get(0), sets.get(1));
        String gas = side.formatted("h.gas_supplier", approvedEverywhere, HOLDS_NORTH, HOLDS_SET, RULES_SUPPLIER,
                sets.get(0), sets.get(1));
        return jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub h JOIN configuration_set s ON s.id = h.configuration_set_id "
                + "WHERE " + electricity + " AND " + gas, Long.class);
    }
}
