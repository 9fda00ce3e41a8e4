package uk.co.dcc.chfirmware.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.co.dcc.chfirmware.approval.ParticipationService;
import uk.co.dcc.chfirmware.approval.SplitSupplierJoin;
import uk.co.dcc.chfirmware.approval.SupplierDecision;
import uk.co.dcc.chfirmware.estate.ledger.EstateCounts;
import uk.co.dcc.chfirmware.release.ReleaseRegistration;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.release.ReleaseStatus;
import uk.co.dcc.chfirmware.rollout.waves.RolloutWaves;

/**
 * Whole-estate approval by every supplier, the split-supplier join and publication, set-wise, as the product
 * does them: for each supplier what {@code ApproveWholeEstateDelegate} and then {@code JoinSupplierApprovalsDelegate}
 * do (each its own transaction, as each is its own asynchronous step), then {@code PublishRolloutBatchesDelegate}.
 * Every hub of the estate is of the release's variant, so the release covers all of them.
 */
final class WholeEstateApprovalBenchmark {

    static final String NAME = "whole-estate approval, join, publication";
    static final List<String> SUPPLIERS = List.of("aurora", "brightwatt", "celtic", "dynamo", "evergreen", "fenland", "gleam",
            "harbour");
    static final long VARIANT = 3;

    /** Each step's time, and of it the time spent keeping the estate counts ({@link EstateCounts#keepingTime()}). */
    record Outcome(long hubs, double approveMillis, double joinMillis, double publishMillis, double approveCountsMillis,
                   double joinCountsMillis, double publishCountsMillis) {
        double totalMillis() {
            return approveMillis + joinMillis + publishMillis;
        }
    }

    private final JdbcTemplate jdbc;
    private final ReleaseService releases;
    private final ParticipationService participation;
    private final SplitSupplierJoin join;
    private final RolloutWaves waves;
    private final EstateCounts counts;

    WholeEstateApprovalBenchmark(JdbcTemplate jdbc, ReleaseService releases, ParticipationService participation,
                                 SplitSupplierJoin join, RolloutWaves waves, EstateCounts counts) {
        this.jdbc = jdbc;
        this.releases = releases;
        this.participation = participation;
        this.join = join;
        this.waves = waves;
        this.counts = counts;
    }

    /** Runs on the estate as loaded (every hub of {@link #VARIANT}); reports per step into {@code results}. */
    Outcome run(long hubs, Results results, String label) {
        long releaseId = openRelease(VARIANT, "9.9." + hubs);
        double approve = 0;
        double joined = 0;
        double approveCounts = 0;
        double joinCounts = 0;
        long approvals = 0;
        long eligible = 0;
        for (String supplier : SUPPLIERS) {
            double countsBefore = countsMillis();
            Stopwatch.Timed<SupplierDecision> decision = Stopwatch.time(
                    () -> participation.approveWholeEstate(releaseId, supplier, "bench-" + supplier));
            double countsBetween = countsMillis();
            Stopwatch.Timed<Long> newlyEligible = Stopwatch.time(() -> join.join(decision.result()));
            approveCounts += countsBetween - countsBefore;
            joinCounts += countsMillis() - countsBetween;
            approve += decision.millis();
            joined += newlyEligible.millis();
            approvals += decision.result().hubCount();
            eligible += newlyEligible.result();
            results.add(label, "approve whole estate: " + supplier + " (" + decision.result().hubCount() + " hubs)",
                    decision.millis(), "ms");
            results.add(label, "join after " + supplier + " (" + newlyEligible.result() + " newly eligible)",
                    newlyEligible.millis(), "ms");
        }
        // The mass rollout's publication as the product does it, one wave (the bench profile's first wave holds them all).
        double countsBefore = countsMillis();
        Stopwatch.Timed<RolloutWaves.WavePublication> publication = Stopwatch.time(() -> waves.publishNextWave(releaseId));
        double publishCounts = countsMillis() - countsBefore;
        long split = jdbc.queryForObject("""
                SELECT COUNT(*) FROM comms_hub WHERE electricity_supplier <> gas_supplier""", Long.class);
        assertThat(approvals).as("one approval per responsible supplier and hub").isEqualTo(hubs + split);
        assertThat(eligible).as("every hub eligible once both sides approved").isEqualTo(hubs);
        assertThat(publication.result().hubCount()).as("every eligible hub published").isEqualTo(hubs);
        results.add(label, "publish rollout (" + publication.result().batchCount() + " batches)", publication.millis(), "ms");
        return new Outcome(hubs, approve, joined, publication.millis(), approveCounts, joinCounts, publishCounts);
    }

    private double countsMillis() {
        return counts.keepingTime().toNanos() / 1e6;
    }

    /**
     * Every supplier approves its whole estate for the release, each followed by the split-supplier join (not timed).
     * Nothing analysed in between: the join's insert no longer depends on {@code eligible_hub}'s statistics (it was
     * quadratic when they lagged; docs/benchmarks.md, "Statistics after bulk changes").
     */
    void approveByEverySupplier(long releaseId) {
        for (String supplier : SUPPLIERS) {
            join.join(participation.approveWholeEstate(releaseId, supplier, "bench-" + supplier));
        }
    }

    /** A release of the variant, registered and on the production CPL, open for approvals. */
    long openRelease(long variant, String version) {
        long releaseId = releases.register(new ReleaseRegistration(variant, version, "STANDARD", "ab".repeat(32), "benchmark"),
                "bench", null).releaseId();
        releases.updateStatus(releaseId, ReleaseStatus.ON_PRODUCTION_CPL);
        return releaseId;
    }
}
