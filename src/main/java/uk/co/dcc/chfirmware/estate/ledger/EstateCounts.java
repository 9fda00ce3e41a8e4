package uk.co.dcc.chfirmware.estate.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.co.dcc.chfirmware.estate.configsets.ConfigurationSets;
import uk.co.dcc.chfirmware.estate.ledger.HubReleaseStatus.Excluding;
import uk.co.dcc.chfirmware.estate.ledger.HubReleaseStatus.Facts;
import uk.co.dcc.chfirmware.schema.Databases;
import uk.co.dcc.chfirmware.schema.PlannerStatistics;
import uk.co.dcc.chfirmware.shared.ClusterLock;

/**
 * The counts behind a supplier's estate summary (R20), kept as the estate changes so that reading the summary costs
 * the same for 20 million hubs as for 20 thousand: {@code estate_firmware_count} (supplier × variant × firmware
 * version) and {@code release_status_count} (release × supplier × firmware version × status, for the statuses other
 * than UPGRADED and NOT_APPROVED, which the summary derives from the firmware counts); and the deployed products list
 * behind the DPL and its trend (R32, R33), {@code dpl_count} (pair of suppliers × region × configuration set, as
 * {@code ConfigurationSets} defines it), counted from the same rows as the firmware counts.
 *
 * <p>Every change to what the counts count goes through one of the methods here, in the changing transaction, around
 * the statement that changes it. {@link #change} is the general one: the hubs the change may touch are counted with the
 * status definition ({@link HubReleaseStatus}) before it and again after it, and the differences are appended as
 * signed rows. Three changes that only add facts rows, whole estates at a time (approvals, the split-supplier join, a
 * publication), are counted once, after the insert, from what the insert makes certain and the definition's conditions
 * for the rest: cheaper, and held to the definition by the same tests. A fold of outcome reports ({@link #outcomes}) reads
 * each hub once, before the merge, and tells most hubs' moves from what the merge certainly does to them (in upgrade to
 * upgraded or failed), counting only the rest before and after. Either way only the touched hubs are read,
 * set-wise. {@link #recountAll()} counts everything afresh, for loads that bypass the product (a fixture, a restore).
 *
 * <p>Concurrency: the rows are only ever inserted, so concurrent changes never wait on a counter row. For the before
 * and after of one change to be its own, changes that may move the same hubs in the same release are serialised on
 * the release's row; see {@link Scope}.
 */
@Service
public class EstateCounts {

    /** The hub's gas supplier is not its electricity supplier: it sees the hub for itself. */
    private static final String SPLIT = "h.gas_supplier IS NOT NULL AND (h.electricity_supplier IS NULL "
            + "OR h.gas_supplier <> h.electricity_supplier)";

    /** The supplier bound to it, as a column {@code v.code}, for conditions that read the viewer more than once. */
    private static final String VIEWER = "CROSS JOIN (VALUES (CAST(? AS VARCHAR(32)))) v (code)";

    private final JdbcTemplate jdbc;
    private final ConfigurationSets configurationSets;
    private final ClusterLock clusterLock;
    private final boolean postgres;
    private final PlannerStatistics statistics;
    private final AtomicLong keepingNanos = new AtomicLong();

    public EstateCounts(JdbcTemplate jdbc, DataSource dataSource, ConfigurationSets configurationSets, ClusterLock clusterLock,
                        PlannerStatistics statistics) {
        this.jdbc = jdbc;
        this.statistics = statistics;
        this.configurationSets = configurationSets;
        this.clusterLock = clusterLock;
        this.postgres = Databases.isPostgres(dataSource);
    }

    /**
     * Which releases a change concerns: whose rows it locks, how, and whose statuses it may change. The locks make the
     * before and after of one change its own: changes that may move the same hubs in the same release take conflicting
     * locks on the release's row, always in release id order and after any lock of the caller's own. A change to one
     * release's approvals, eligibility, publication or settings locks its row (as approvals always have); a change to
     * a batch locks it shared (FOR KEY SHARE on PostgreSQL, which a release's status update does not conflict with), so
     * that two CSPs' posts never wait for each other but do wait for an approval or publication of the same release;
     * an estate change locks every open release.
     */
    public static final class Scope {

        private enum Lock { RELEASE, RELEASE_SHARED, VARIANT_SHARED, ESTATE }

        private final Lock lock;
        private final long id;

        private Scope(Lock lock, long id) {
            this.lock = lock;
            this.id = id;
        }

        /** A change to one release's approvals, eligibility, batches' contents or settings: the release locked. */
        public static Scope release(long releaseId) {
            return new Scope(Lock.RELEASE, releaseId);
        }

        /** A change to one batch of the release (its closing): the release locked shared. */
        public static Scope batchOf(long releaseId) {
            return new Scope(Lock.RELEASE_SHARED, releaseId);
        }

        /** A change that may move hubs of the variant to another firmware version: every open release of it, shared. */
        public static Scope firmwareOf(long variantId) {
            return new Scope(Lock.VARIANT_SHARED, variantId);
        }

        /** A change to the estate itself (hubs, suppliers, HAN devices, version keys): every open release, locked. */
        public static Scope estate() {
            return new Scope(Lock.ESTATE, 0);
        }

        /** The one release whose statuses the change may move, or null for every open release. */
        private Long release() {
            return lock == Lock.RELEASE || lock == Lock.RELEASE_SHARED ? id : null;
        }
    }

    /** The hubs a change may touch, as a query for their ids. */
    public record Hubs(String sql, List<Object> args, boolean listedBefore) {

        /** A query that lists the same hubs before the change and after it. */
        public static Hubs fixed(String sql, Object... args) {
            return new Hubs(sql, List.of(args), false);
        }

        /** A query whose answer the change alters: its hubs are listed before the change and kept aside until after it. */
        public static Hubs listedBefore(String sql, Object... args) {
            return new Hubs(sql, List.of(args), true);
        }
    }

    /**
     * Runs {@code change}, which may alter anything the counts depend on for the hubs given (and nothing for any other
     * hub), and records how it changed their counts: the hubs are counted before and after it.
     */
    @Transactional
    public <T> T change(Scope scope, Hubs hubs, Supplier<T> change) {
        try (Keeping keeping = new Keeping()) {
            lock(scope);
            String changeId = null;
            Source counted = Source.of(hubs);
            if (hubs.listedBefore()) {
                changeId = UUID.randomUUID().toString();
                List<Object> args = new ArrayList<>(List.of(changeId));
                args.addAll(hubs.args());
                jdbc.update("INSERT INTO estate_count_hub (change_id, hub_id) SELECT CAST(? AS VARCHAR(36)), x.id FROM comms_hub x "
                        + "WHERE x.id IN (" + hubs.sql() + ")", args.toArray());
                counted = Source.listed(changeId);
            }
            Counts before = count(scope.release(), counted);
            T result = keeping.change(change);
            Counts after = count(scope.release(), counted);
            record(after.minus(before));
            if (changeId != null) {
                jdbc.update("DELETE FROM estate_count_hub WHERE change_id = ?", changeId);
            }
            return result;
        }
    }

    /**
     * The hubs of the release's variant that its HAN prerequisite holds back now, or that the one given would: those whose
     * status a change of the prerequisite may move (for {@link #change}, with the release's scope).
     */
    @Transactional
    public Hubs heldByPrerequisite(long releaseId, String device, String model, String key) {
        lock(Scope.release(releaseId));
        List<String> held = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        jdbc.query("SELECT prerequisite_device, prerequisite_model, prerequisite_key FROM rollout_control WHERE release_id = ?",
                rs -> {
                    if (rs.getString(1) != null) {
                        held.add(heldBy(rs.getString(2) != null, args, rs.getString(1), rs.getString(2), rs.getString(3)));
                    }
                }, releaseId);
        if (device != null) {
            held.add(heldBy(model != null, args, device, model, key));
        }
        args.add(releaseId);
        return held.isEmpty() ? Hubs.fixed("SELECT h.id FROM comms_hub h WHERE 1 = 0") : Hubs.fixed("""
                SELECT h.id FROM comms_hub h
                WHERE h.han_set_id IN (SELECT d.han_set_id FROM han_set_device d
                                       JOIN firmware_version_key k ON k.firmware_version = d.firmware_version WHERE %s)
                AND h.variant_id = (SELECT variant_id FROM firmware_release WHERE id = ?)"""
                .formatted(String.join(" OR ", held)), args.toArray());
    }

    private static String heldBy(boolean withModel, List<Object> args, String device, String model, String key) {
        args.add(device);
        if (withModel) {
            args.add(model);
        }
        args.add(key);
        return "d.device_type = ?" + (withModel ? " AND d.model = ?" : "") + " AND k.sort_key < ?";
    }

    /**
     * Runs {@code insert}, which adds supplier {@code supplier}'s approvals of some of its own hubs of the release that
     * it had not approved yet, all under decision {@code decisionId}, and records what they changed. What the
     * definition's first conditions say of a hub (batches, prerequisite, eligibility) approvals change nothing of; where
     * they say nothing, the supplier now sees the hub awaiting the other supplier. A split hub's other supplier sees no
     * change: a new approval is pending for it until {@code SplitSupplierJoin} discloses it (through {@link #change}).
     */
    @Transactional
    public <T> T approvals(long releaseId, String supplier, long decisionId, Supplier<T> insert) {
        return adding(releaseId, insert, deltas -> approved(releaseId, supplier, decisionId, deltas));
    }

    /**
     * As {@link #approvals}, for a decision that approves every one of the supplier's hubs of the release's variant not on
     * its firmware (one decision row, no row per hub): then every hub it saw NOT_APPROVED or AWAITING_YOUR_APPROVAL it now sees
     * awaiting the other supplier, which its own counts tell without reading a hub; the other suppliers of its split
     * hubs see no change until the approvals are disclosed to them.
     */
    @Transactional
    public <T> T wholeEstateApproval(long releaseId, String supplier, long decisionId, Supplier<T> insert) {
        return adding(releaseId, insert, deltas -> {
            jdbc.query("""
                    SELECT f.firmware_version, f.hubs - COALESCE(k.kept, 0), COALESCE(k.yours, 0) FROM (
                      SELECT c.firmware_version, SUM(c.hubs) AS hubs FROM estate_firmware_count c
                      JOIN firmware_release r ON r.variant_id = c.variant_id AND r.firmware_version <> c.firmware_version
                      WHERE r.id = ? AND c.supplier_code = ? GROUP BY c.firmware_version) f
                    LEFT JOIN (SELECT firmware_version, SUM(hubs) AS kept,
                                      SUM(CASE WHEN status = 'AWAITING_YOUR_APPROVAL' THEN hubs ELSE 0 END) AS yours
                               FROM release_status_count WHERE release_id = ? AND supplier_code = ? GROUP BY firmware_version) k
                      ON k.firmware_version = f.firmware_version""", rs -> {
                StatusKey key = new StatusKey(releaseId, supplier, rs.getString(1), null);
                move(deltas, key, HubReleaseStatus.NOT_APPROVED, HubReleaseStatus.AWAITING_OTHER_SUPPLIER, rs.getLong(2));
                move(deltas, key, HubReleaseStatus.AWAITING_YOUR_APPROVAL, HubReleaseStatus.AWAITING_OTHER_SUPPLIER, rs.getLong(3));
            }, releaseId, supplier, releaseId, supplier);
        });
    }

    /**
     * Runs {@code disclose}, which discloses to supplier {@code recipient} the other side's approvals of its split hubs
     * that were pending for it (rows per hub, and whole-estate decisions, each covering its split hubs with the recipient
     * but those it had approved by a row before), marking them with disclosure {@code disclosureId}, and records what it changed: where
     * the definition's first conditions say nothing and the recipient has not approved a hub, it now sees the hub
     * awaiting its approval instead of not approved (it had not seen the approval before). Nobody else's status moves.
     */
    @Transactional
    public <T> T disclosure(long releaseId, String recipient, long disclosureId, Supplier<T> disclose) {
        return adding(releaseId, disclose, deltas -> {
            if (approvedWholeEstate(releaseId, recipient)) {
                return; // the recipient approved every hub it supplies: none of them awaits its approval, whatever it is told
            }
            Source disclosed = new Source("hub_approval d JOIN comms_hub h ON h.id = d.hub_id", "d.disclosure_id = ?",
                    List.of(disclosureId));
            // A whole-estate decision disclosed: the recipient's split hubs with its decider, but those the decider had
            // approved by a row of its own before it (told by the rows).
            Source decided = new Source("""
                    decision_disclosure y JOIN comms_hub h ON (y.supplier_code = h.electricity_supplier AND y.recipient = h.gas_supplier)
                      OR (y.supplier_code = h.gas_supplier AND y.recipient = h.electricity_supplier)""", """
                    y.disclosure_id = ? AND h.variant_id = (SELECT variant_id FROM firmware_release WHERE id = ?)
                      AND h.electricity_supplier <> h.gas_supplier
                      AND NOT EXISTS (SELECT 1 FROM hub_approval a WHERE a.release_id = y.release_id AND a.hub_id = h.id
                                      AND a.supplier_code = y.supplier_code)""", List.of(disclosureId, releaseId));
            for (Source source : List.of(disclosed, decided)) {
                grouped("""
                        SELECT h.release_id, h.firmware_version, COUNT(*) FROM %s %s WHERE h.dominant IS NULL AND NOT %s
                        GROUP BY h.release_id, h.firmware_version""".formatted(
                                withDominant(HubReleaseStatus.dominant(Excluding.NOTHING, facts(releaseId, Excluding.NOTHING), true),
                                        releaseId, source), VIEWER, HubReleaseStatus.approvedBy("v.code", Excluding.NOTHING)), rs -> {
                    move(deltas, new StatusKey(rs.getLong(1), recipient, rs.getString(2), null), HubReleaseStatus.NOT_APPROVED,
                            HubReleaseStatus.AWAITING_YOUR_APPROVAL, rs.getLong(3));
                }, Stream.concat(source.args().stream(), Stream.of(recipient)).toList());
            }
        });
    }

    /**
     * Runs {@code insert}, which makes hubs of the release eligible (the split-supplier join: each of their responsible
     * suppliers has approved them, and they were not eligible), and records what it changed: where no batch or
     * prerequisite says otherwise, each of their suppliers sees them APPROVED instead of awaiting the other supplier.
     */
    @Transactional
    public <T> T eligibility(long releaseId, Supplier<T> insert) {
        lock(Scope.release(releaseId));
        // seq is one sequence for every release, and the release is locked: what is above the maximum now is this change's.
        long before = jdbc.queryForObject("SELECT COALESCE(MAX(seq), 0) FROM eligible_hub", Long.class);
        return adding(releaseId, insert, deltas -> becameEligible(releaseId,
                new Source("eligible_hub e JOIN comms_hub h ON h.id = e.hub_id", "e.release_id = ? AND e.seq > ?",
                        List.of(releaseId, before)), deltas));
    }

    /** Whether the supplier approved any hub of the release hub by hub (a GUID list, a pilot choice, a split match). */
    public boolean approvedHubByHub(long releaseId, String supplier) {
        return !jdbc.queryForList("SELECT 1 FROM hub_approval WHERE release_id = ? AND supplier_code = ? FETCH FIRST 1 ROWS ONLY",
                Integer.class, releaseId, supplier).isEmpty();
    }

    /** Whether the supplier approved its whole estate for the release (a decision that approves every hub it supplies). */
    public boolean approvedWholeEstate(long releaseId, String supplier) {
        return !jdbc.queryForList("""
                SELECT 1 FROM supplier_decision WHERE release_id = ? AND supplier_code = ? AND method = 'WHOLE_ESTATE'
                FETCH FIRST 1 ROWS ONLY""", Integer.class, releaseId, supplier).isEmpty();
    }

    /**
     * The hubs of {@code eligible} have just become eligible for the release: where no batch or prerequisite says
     * otherwise, each of their suppliers sees them APPROVED instead of awaiting the other supplier.
     */
    private void becameEligible(long releaseId, Source eligible, Map<StatusKey, Long> deltas) {
        grouped("""
                SELECT h.release_id, h.electricity_supplier, h.gas_supplier, h.firmware_version, COUNT(*) FROM %s
                WHERE h.dominant IS NULL GROUP BY h.release_id, h.electricity_supplier, h.gas_supplier, h.firmware_version"""
                .formatted(withDominant(HubReleaseStatus.dominant(Excluding.NOTHING, facts(releaseId, Excluding.NOTHING), false),
                        releaseId, eligible)), rs -> {
            for (String viewer : suppliers(rs.getString(2), rs.getString(3))) {
                move(deltas, new StatusKey(rs.getLong(1), viewer, rs.getString(4), null), HubReleaseStatus.AWAITING_OTHER_SUPPLIER,
                        HubReleaseStatus.APPROVED, rs.getLong(5));
            }
        }, eligible.args());
    }

    /**
     * Runs {@code mark}, which makes eligible, by supplier {@code supplier}'s whole-estate decision, every hub of the
     * release whose only responsible supplier it is ({@code HubReleaseStatus.eligibleFor}: one decision row, no row per
     * hub), and records what it changed: where no batch or prerequisite says otherwise, the supplier sees them APPROVED
     * instead of awaiting the other supplier. Told without reading those hubs: of the hubs the supplier's counts show
     * awaiting the other supplier, all are its own hubs, now eligible, but its split hubs, which stay as they were: told
     * from the kept DPL counts where they suffice ({@link #splitHubsAwaitingFromKeptCounts}), else read (about 15% of an
     * estate). Nobody else's status moves.
     */
    @Transactional
    public <T> T wholeEstateEligibility(long releaseId, String supplier, Supplier<T> mark) {
        return adding(releaseId, mark, deltas -> {
            Map<String, Long> awaiting = splitHubsAwaitingFromKeptCounts(releaseId, supplier)
                    .orElseGet(() -> splitHubsAwaiting(releaseId, supplier));
            jdbc.query("""
                    SELECT firmware_version, SUM(hubs) FROM release_status_count
                    WHERE release_id = ? AND supplier_code = ? AND status = ? GROUP BY firmware_version""", rs -> {
                move(deltas, new StatusKey(releaseId, supplier, rs.getString(1), null), HubReleaseStatus.AWAITING_OTHER_SUPPLIER,
                        HubReleaseStatus.APPROVED, rs.getLong(2) - awaiting.getOrDefault(rs.getString(1), 0L));
            }, releaseId, supplier, HubReleaseStatus.AWAITING_OTHER_SUPPLIER);
        });
    }

    /**
     * The supplier's split hubs of the release's variant, not on its version, by version, that no batch, prerequisite or
     * eligibility says anything of (still awaiting the other supplier once it approved them), from the kept DPL counts,
     * where they tell it exactly: the release has no batch, no HAN prerequisite of DCC's or a supplier's, no row per hub
     * of eligibility, and no pair of whole-estate decisions of the supplier's marked (a split hub is eligible only so). Then
     * none of its split hubs has a status the definition's dominant part tells, and they are all of them. NULL where it
     * is not exact, and the caller reads the hubs ({@link #splitHubsAwaiting}). Under the release's lock.
     */
    private Optional<Map<String, Long>> splitHubsAwaitingFromKeptCounts(long releaseId, String supplier) {
        Facts facts = facts(releaseId, Excluding.NOTHING);
        if (facts.batches() || facts.prerequisite() || facts.supplierPrerequisites() || !jdbc.queryForList("""
                SELECT 1 FROM eligible_hub WHERE release_id = ? UNION ALL
                SELECT 1 FROM decision_disclosure WHERE release_id = ? AND paired_seq IS NOT NULL
                  AND (supplier_code = ? OR recipient = ?)
                FETCH FIRST 1 ROWS ONLY""", Integer.class, releaseId, releaseId, supplier, supplier).isEmpty()) {
            return Optional.empty();
        }
        Map<String, Long> split = new HashMap<>();
        jdbc.query("""
                SELECT c.firmware_version, SUM(c.hubs) FROM dpl_count c JOIN firmware_release r ON r.id = ?
                WHERE c.variant_id = r.variant_id AND c.firmware_version <> r.firmware_version
                  AND c.electricity_supplier <> c.gas_supplier AND (c.electricity_supplier = ? OR c.gas_supplier = ?)
                GROUP BY c.firmware_version HAVING SUM(c.hubs) <> 0""", rs -> {
            split.put(rs.getString(1), rs.getLong(2));
        }, releaseId, supplier, supplier);
        return Optional.of(split);
    }

    /** As {@link #splitHubsAwaitingFromKeptCounts}, told by reading the supplier's split hubs with the definition. */
    private Map<String, Long> splitHubsAwaiting(long releaseId, String supplier) {
        Source splitHubs = new Source("comms_hub h", """
                h.variant_id = (SELECT variant_id FROM firmware_release WHERE id = ?) AND h.electricity_supplier <> h.gas_supplier
                  AND (h.electricity_supplier = ? OR h.gas_supplier = ?)""", List.of(releaseId, supplier, supplier));
        Map<String, Long> split = new HashMap<>();
        grouped("SELECT h.firmware_version, COUNT(*) FROM %s WHERE h.dominant IS NULL GROUP BY h.firmware_version"
                .formatted(withDominant(HubReleaseStatus.dominant(Excluding.NOTHING, facts(releaseId, Excluding.NOTHING), true),
                        releaseId, splitHubs)), rs -> {
            split.merge(rs.getString(1), rs.getLong(2), Long::sum);
        }, splitHubs.args());
        return split;
    }

    /**
     * Runs {@code mark}, which makes eligible, by pairs of suppliers' whole-estate decisions each disclosed to the other,
     * every split hub of the release the two share ({@code HubReleaseStatus.eligibleFor}: the pair's two disclosure rows,
     * marked with a {@code paired_seq} above every one before), and records what it changed, as {@link #eligibility} does
     * for rows: where no batch or prerequisite says otherwise, both suppliers see each hub that had no row of its own
     * APPROVED instead of awaiting the other supplier.
     */
    @Transactional
    public <T> T pairEligibility(long releaseId, Supplier<T> mark) {
        lock(Scope.release(releaseId));
        long before = jdbc.queryForObject("SELECT COALESCE(MAX(paired_seq), 0) FROM decision_disclosure WHERE release_id = ?",
                Long.class, releaseId);
        return adding(releaseId, mark, deltas -> {
            Source paired = new Source("""
                    decision_disclosure y JOIN comms_hub h ON h.electricity_supplier = y.supplier_code AND h.gas_supplier = y.recipient
                      AND h.variant_id = (SELECT variant_id FROM firmware_release WHERE id = ?) AND h.id + 0 <= y.paired_through_hub""",
                    """
                    y.release_id = ? AND y.paired_seq > ? AND h.electricity_supplier <> h.gas_supplier
                      AND NOT EXISTS (SELECT 1 FROM eligible_hub e WHERE e.release_id = y.release_id AND e.hub_id = h.id)""",
                    List.of(releaseId, releaseId, before));
            becameEligible(releaseId, paired, deltas);
        });
    }

    /**
     * The suppliers the supplier shares split hubs of the variant with, not on {@code targetVersion}, from the kept DPL
     * counts (kept by pair of suppliers, variant and version), without reading the hubs.
     */
    public List<String> splitCounterparts(long variantId, String targetVersion, String supplier) {
        return counterpartSums(variantId, targetVersion, supplier).keySet().stream().filter(other -> other != null).toList();
    }

    /**
     * The supplier's hubs of the variant not on {@code targetVersion}, counted by the other supplier of each split hub
     * (NULL: hubs it alone supplies), from the kept DPL counts (kept by pair of suppliers, variant and version) instead of
     * by reading the hubs, where that is exact: the supplier approved none of them for the release hub by hub (no
     * {@code hub_approval} row of its own), so that the hubs a whole-estate decision approves anew are all of them. The
     * caller holds the release's lock, which holds back every change to its variant's hubs and their counts. Empty where
     * it is not exact, and the caller reads the hubs.
     */
    public Optional<Map<String, Long>> hubsByCounterpart(long releaseId, long variantId, String targetVersion, String supplier) {
        return approvedHubByHub(releaseId, supplier) ? Optional.empty() : Optional.of(counterpartSums(variantId, targetVersion, supplier));
    }

    /** The kept DPL counts of the supplier's hubs of the variant not on {@code targetVersion}, by counterpart (NULL: none). */
    private Map<String, Long> counterpartSums(long variantId, String targetVersion, String supplier) {
        Map<String, Long> byCounterpart = new LinkedHashMap<>();
        jdbc.query("""
                SELECT x.other, SUM(x.hubs) FROM (
                  SELECT CASE WHEN c.electricity_supplier IS NOT NULL AND c.gas_supplier IS NOT NULL
                                   AND c.electricity_supplier <> c.gas_supplier
                              THEN CASE WHEN c.electricity_supplier = ? THEN c.gas_supplier ELSE c.electricity_supplier END END AS other,
                         c.hubs
                  FROM dpl_count c WHERE c.variant_id = ? AND c.firmware_version <> ?
                    AND (c.electricity_supplier = ? OR c.gas_supplier = ?)) x
                GROUP BY x.other HAVING SUM(x.hubs) <> 0 ORDER BY x.other""", rs -> {
            byCounterpart.put(rs.getString(1), rs.getLong(2));
        }, supplier, variantId, targetVersion, supplier, supplier);
        return byCounterpart;
    }

    /**
     * What the whole-estate decisions and pairs marked eligible for the release above {@code seqAbove} (in the caller's
     * transaction, under the release's lock) made eligible, by CSP region, told from the kept DPL counts instead of by
     * reading the hubs ({@code HubReleaseStatus.hubsEligibleByDecision}, which reads every hub the decisions cover), where
     * that is exact: each decision is its supplier's first one marked (so no hub of it was eligible by an earlier one),
     * the release has no row per hub ({@code eligible_hub}: none of them was eligible by a row), and every mark covers the
     * whole estate as it stands (its highest hub id is the estate's: no hub joined since, as the release's lock holds
     * back every change to its variant's hubs, and with them their counts). Then the hubs are those of the release's
     * variant, not on its version, whose only supplier is a marked decision's, or whose pair of suppliers is a marked
     * pair's (either way round): sums of the DPL counts, which are kept by pair of suppliers, region, variant and
     * version. Empty where it is not exact, and the caller reads the hubs.
     */
    public Optional<Map<String, Long>> markedEligibleByRegion(long releaseId, long variantId, String targetVersion, long seqAbove) {
        List<String> suppliers = jdbc.queryForList("""
                SELECT w.supplier_code FROM supplier_decision w
                WHERE w.release_id = ? AND w.method = 'WHOLE_ESTATE' AND w.eligible_seq > ?
                  AND w.eligible_through_hub = (SELECT MAX(id) FROM comms_hub)
                  AND NOT EXISTS (SELECT 1 FROM supplier_decision v WHERE v.release_id = w.release_id AND v.method = 'WHOLE_ESTATE'
                                  AND v.supplier_code = w.supplier_code AND v.eligible_seq < w.eligible_seq)""", String.class,
                releaseId, seqAbove);
        List<String[]> pairs = jdbc.query("""
                SELECT y.supplier_code, y.recipient FROM decision_disclosure y
                WHERE y.release_id = ? AND y.paired_seq > ? AND y.paired_through_hub = (SELECT MAX(id) FROM comms_hub)""",
                (rs, row) -> new String[] {rs.getString(1), rs.getString(2)}, releaseId, seqAbove);
        Integer marked = jdbc.queryForObject("""
                SELECT (SELECT COUNT(*) FROM supplier_decision WHERE release_id = ? AND method = 'WHOLE_ESTATE' AND eligible_seq > ?)
                     + (SELECT COUNT(*) FROM decision_disclosure WHERE release_id = ? AND paired_seq > ?)""", Integer.class,
                releaseId, seqAbove, releaseId, seqAbove);
        if (marked == null || marked != suppliers.size() + pairs.size() || !jdbc.queryForList(
                "SELECT 1 FROM eligible_hub WHERE release_id = ? FETCH FIRST 1 ROWS ONLY", Integer.class, releaseId).isEmpty()) {
            return Optional.empty();
        }
        Map<String, Long> byRegion = new TreeMap<>();
        if (suppliers.isEmpty() && pairs.isEmpty()) {
            return Optional.of(byRegion);
        }
        List<Object> args = new ArrayList<>(List.of(variantId, targetVersion));
        StringJoiner covered = new StringJoiner("\n   OR ", "(", ")");
        for (String supplier : suppliers) {
            covered.add("""
                    (c.electricity_supplier = ? AND (c.gas_supplier IS NULL OR c.gas_supplier = c.electricity_supplier))
                       OR (c.electricity_supplier IS NULL AND c.gas_supplier = ?)""");
            args.addAll(List.of(supplier, supplier));
        }
        for (String[] pair : pairs) {
            covered.add("(c.electricity_supplier = ? AND c.gas_supplier = ?)");
            args.addAll(List.of(pair[0], pair[1]));
        }
        jdbc.query("""
                SELECT c.csp_region, SUM(c.hubs) FROM dpl_count c
                WHERE c.variant_id = ? AND c.firmware_version <> ? AND %s
                GROUP BY c.csp_region HAVING SUM(c.hubs) <> 0""".formatted(covered), rs -> {
            byRegion.put(rs.getString(1), rs.getLong(2));
        }, args.toArray());
        return Optional.of(byRegion);
    }

    /**
     * The hubs a batch's outcome reports are about to be merged for ({@code OutcomeFold}), as a query for rows
     * {@code (hub_id, outcome)}, one per hub reported on: the outcome the merge records for the hub if its batch row has
     * none yet, where that is certain from the reports alone (SUCCEEDED: any report of a success; FAILED: only failures),
     * else NULL. It must list the same hubs before the merge and after it.
     */
    public record Reports(String sql, List<Object> args) {

        public static Reports of(String sql, Object... args) {
            return new Reports(sql, List.of(args));
        }
    }

    /**
     * Runs {@code merge}, which records outcomes in batch {@code batchId}'s rows for the hubs {@code reports} lists (for
     * no other hub) and puts each hub whose success it records for the first time on the release's firmware, and records
     * what it changed, counting each hub once where {@link #change} counts it twice. In a published batch, a hub whose
     * row has no outcome yet (and is not superseded) and that the reports say the merge records as SUCCEEDED or FAILED
     * moves in a way the definition makes certain: before, UPGRADED if on the release's firmware already, else IN_UPGRADE
     * (its live row comes first after that); after, UPGRADED if on it (a success puts it there), else FAILED (its
     * failure, unless another live batch of the release holds it, whose hubs are left to the general count). A success
     * that changes the hub's firmware moves its firmware and DPL counts from the old version to the release's, and its
     * status in every other open release of the variant from the old version's row to the release's (UPGRADED there if
     * that is its version too); what the hub is there is read before the merge, once, since the merge changes nothing
     * else the definition reads of those releases. A hub on the version of such another release would come to have a
     * status there, and is left to the general count. Every other hub (a row with an outcome already, a skip, reports
     * that disagree, a batch no longer published) is counted before and after, as {@link #change} does, and only those.
     */
    @Transactional
    public <T> T outcomes(long batchId, Reports reports, Function<Moves, T> merge) {
        long variantId = jdbc.queryForObject("""
                SELECT r.variant_id FROM upgrade_batch b JOIN firmware_release r ON r.id = b.release_id WHERE b.id = ?""",
                Long.class, batchId);
        Scope scope = Scope.firmwareOf(variantId);
        lock(scope);
        Map<String, Object> batch = jdbc.queryForMap("""
                SELECT b.release_id, b.status, r.firmware_version, CASE WHEN %s THEN 1 ELSE 0 END AS open_release
                FROM upgrade_batch b JOIN firmware_release r ON r.id = b.release_id WHERE b.id = ?"""
                .formatted(HubReleaseStatus.OPEN), batchId);
        if (!"PUBLISHED".equals(batch.get("status"))) {
            // no live row to start from: every hub reported on is counted before and after
            return change(scope, Hubs.fixed("SELECT x.hub_id FROM (" + reports.sql() + ") x", reports.args().toArray()),
                    () -> merge.apply(null));
        }
        long releaseId = ((Number) batch.get("release_id")).longValue();
        String target = (String) batch.get("firmware_version");
        boolean open = ((Number) batch.get("open_release")).intValue() == 1;
        if (postgres && jdbc.queryForObject("""
                SELECT CASE WHEN EXISTS (SELECT 1 FROM batch_hub bh WHERE bh.batch_id = ? AND (bh.outcome IS NOT NULL OR bh.superseded))
                  OR EXISTS (SELECT 1 FROM firmware_release r WHERE r.variant_id = ? AND r.id <> ? AND %s) THEN 0 ELSE 1 END"""
                .formatted(HubReleaseStatus.OPEN), Integer.class, batchId, variantId, releaseId) == 1) {
            return merged(batchId, releaseId, target, open, merge);
        }
        try (Keeping keeping = new Keeping()) {
            // The hub's batch row (an outcome recorded, or superseded) is asked hub by hub in a subquery of its own, a
            // lookup of the batch's primary key whatever the statistics say (as OutcomeFold's merge does, for the same
            // reason: a join planned for a batch thought empty scans the batch's whole key range per hub).
            String reported = """
                    SELECT h.id, h.electricity_supplier, h.gas_supplier, h.variant_id, h.firmware_version, h.csp_region,
                           h.han_set_id, x.outcome,
                           CASE WHEN x.outcome IN ('SUCCEEDED', 'FAILED')
                             AND NOT EXISTS (SELECT 1 FROM batch_hub bh WHERE bh.batch_id = %1$d AND bh.hub_id = x.hub_id
                                               AND (bh.outcome IS NOT NULL OR NOT %6$s))
                             AND (x.outcome = 'SUCCEEDED' OR %5$s)
                             AND (x.outcome = 'FAILED' OR h.firmware_version = ? OR NOT EXISTS (
                                   SELECT 1 FROM firmware_release r WHERE r.variant_id = h.variant_id
                                     AND r.firmware_version = h.firmware_version AND r.id <> %2$d AND %3$s))
                           THEN 1 ELSE 0 END AS certain
                    FROM (%4$s) x JOIN comms_hub h ON h.id = x.hub_id
                    WHERE %7$s""".formatted(batchId, releaseId, HubReleaseStatus.OPEN, reports.sql(),
                    noOtherLiveBatch(batchId, releaseId), BatchMembers.notSuperseded("bh"),
                    BatchMembers.holds(Long.toString(batchId), "x.hub_id"));
            List<Object> args = new ArrayList<>(List.of(target));
            args.addAll(reports.args());
            // The certain hubs grouped, the others one by one (few: skips, repeated and disagreeing reports), before the merge.
            Counts certain = new Counts();
            List<Object[]> others = new ArrayList<>();
            String changeId = UUID.randomUUID().toString();
            grouped("""
                    SELECT c.certain, CASE WHEN c.certain = 0 THEN c.id END, c.electricity_supplier, c.gas_supplier, c.variant_id,
                           c.firmware_version, c.csp_region, c.han_set_id, c.outcome, COUNT(*) FROM (%s) c
                    GROUP BY c.certain, CASE WHEN c.certain = 0 THEN c.id END, c.electricity_supplier, c.gas_supplier,
                             c.variant_id, c.firmware_version, c.csp_region, c.han_set_id, c.outcome""".formatted(reported), rs -> {
                if (rs.getInt(1) == 0) {
                    others.add(new Object[] {changeId, rs.getLong(2)});
                } else if (!target.equals(rs.getString(6))) {
                    moved(rs, releaseId, open, target, certain);
                }
            }, args);
            Map<Long, String> elsewhere = new HashMap<>();
            jdbc.query("SELECT r.id, r.firmware_version FROM firmware_release r WHERE r.variant_id = ? AND r.id <> ? AND "
                    + HubReleaseStatus.OPEN, rs -> {
                elsewhere.put(rs.getLong(1), rs.getString(2));
            }, variantId, releaseId);
            if (!elsewhere.isEmpty()) {
                // The certain successes' statuses in the variant's other open releases, which only their version moves.
                Map<StatusKey, Long> there = new HashMap<>();
                List<Object> successes = new ArrayList<>(args);
                successes.add(target);
                countStatus(null, Excluding.NOTHING, facts(null, Excluding.NOTHING), new Source(
                        "(" + reported + ") c JOIN comms_hub h ON h.id = c.id",
                        "c.certain = 1 AND c.outcome = 'SUCCEEDED' AND h.firmware_version <> ? AND r.id <> " + releaseId,
                        successes), there);
                there.forEach((key, hubs) -> {
                    add(certain.status(), key, -hubs);
                    add(certain.status(), new StatusKey(key.releaseId(), key.supplier(), target,
                            target.equals(elsewhere.get(key.releaseId())) ? HubReleaseStatus.UPGRADED : key.status()), hubs);
                });
            }
            Source counted = Source.listed(changeId);
            Counts before = null;
            if (!others.isEmpty()) {
                jdbc.batchUpdate("INSERT INTO estate_count_hub (change_id, hub_id) VALUES (?, ?)", others);
                before = count(null, counted);
            }
            T result = keeping.change(() -> merge.apply(null));
            Counts changed = certain;
            if (before != null) {
                changed = count(null, counted).minus(before).plus(certain);
                jdbc.update("DELETE FROM estate_count_hub WHERE change_id = ?", changeId);
            }
            record(changed);
            return result;
        }
    }

    /**
     * No other live (published) batch of the release holds the hub {@code h} without an outcome: then a failure reported
     * in batch {@code batchId} certainly makes it FAILED ({@link #outcomes}).
     */
    private static String noOtherLiveBatch(long batchId, long releaseId) {
        return """
                NOT EXISTS (SELECT 1 FROM batch_member om JOIN upgrade_batch ob ON ob.id = om.batch_id
                            WHERE %3$s AND om.batch_id <> %1$d AND ob.status = 'PUBLISHED' AND ob.release_id = %2$d
                              AND NOT EXISTS (SELECT 1 FROM batch_hub o WHERE o.batch_id = om.batch_id AND o.hub_id = h.id
                                              AND o.outcome IS NOT NULL))""".formatted(batchId, releaseId,
                BatchMembers.holding("om", "h.id"));
    }

    /**
     * The moves of a merge of outcome reports as the merge statement itself tells them (on PostgreSQL, for {@link
     * #outcomes}): {@link #select} is the statement's final query (no parameters of its own), over its WITH query
     * {@code merged (hub_id, outcome)} of the batch rows it changed with their new outcomes, to be read by {@link #rows}.
     * The hub rows it joins are as they were before the statement (PostgreSQL's WITH queries that modify data are not
     * seen by the rest of the statement), so it tells each hub's firmware before the merge.
     */
    public static final class Moves {

        private final String select;
        private final RowCallbackHandler rows;
        private long recorded;

        private Moves(long batchId, long releaseId, Consumer<ResultSet> row) {
            this.select = """
                    SELECT CASE WHEN m.outcome = 'SUCCEEDED' OR (m.outcome = 'FAILED' AND %1$s) THEN 1 ELSE 0 END AS certain,
                           h.id, h.electricity_supplier, h.gas_supplier, h.variant_id, h.firmware_version, h.csp_region,
                           h.han_set_id, m.outcome
                    FROM merged m JOIN comms_hub h ON h.id = m.hub_id"""
                    .formatted(noOtherLiveBatch(batchId, releaseId));
            this.rows = rs -> {
                recorded++;
                row.accept(rs);
            };
        }

        /** The statement's final query, in place of its own. */
        public String select() {
            return select;
        }

        /** How many rows the merge changed, once its rows are read. */
        public int recorded() {
            return (int) recorded;
        }

        /** Reads the final query's rows. */
        public RowCallbackHandler rows() {
            return rows;
        }
    }

    /**
     * {@link #outcomes} for a published batch none of whose rows has an outcome yet or is superseded, of a variant with
     * no other open release: every row the merge changes goes from no outcome (IN_UPGRADE, or UPGRADED on the release's
     * firmware) to its new outcome, which the merge statement tells with each hub as it was before ({@link Moves}); the
     * hubs it does not make certain (a skip, a failure another live batch holds) are counted in the release after it.
     */
    private <T> T merged(long batchId, long releaseId, String target, boolean open, Function<Moves, T> merge) {
        try (Keeping keeping = new Keeping()) {
            Counts certain = new Counts();
            List<Object[]> later = new ArrayList<>();
            String changeId = UUID.randomUUID().toString();
            Map<List<Object>, long[]> groups = new HashMap<>();
            Moves moves = new Moves(batchId, releaseId, rs -> {
                try {
                    if (target.equals(rs.getString(6))) {
                        return; // upgraded before and after, on the same firmware
                    }
                    if (rs.getInt(1) == 0) {
                        later.add(new Object[] {changeId, rs.getLong(2)});
                    } else {
                        long hanSet = rs.getLong(8);
                        List<Object> key = Arrays.asList(rs.getString(3), rs.getString(4), rs.getLong(5),
                                rs.getString(6), rs.getString(7), rs.wasNull() ? null : hanSet, rs.getString(9));
                        groups.computeIfAbsent(key, k -> new long[1])[0]++;
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            T result = keeping.change(() -> merge.apply(moves));
            groups.forEach((key, hubs) -> moved((String) key.get(0), (String) key.get(1), (Long) key.get(2), (String) key.get(3),
                    (String) key.get(4), (Long) key.get(5), "SUCCEEDED".equals(key.get(6)), hubs[0], releaseId, open, target,
                    certain));
            if (!later.isEmpty()) {
                jdbc.batchUpdate("INSERT INTO estate_count_hub (change_id, hub_id) VALUES (?, ?)", later);
                Map<StatusKey, Long> after = new HashMap<>();
                countStatus(releaseId, Excluding.NOTHING, facts(releaseId, Excluding.NOTHING), Source.listed(changeId), after);
                after.forEach((key, hubs) -> move(certain.status(), key, HubReleaseStatus.IN_UPGRADE, key.status(), hubs));
                jdbc.update("DELETE FROM estate_count_hub WHERE change_id = ?", changeId);
            }
            record(certain);
            return result;
        }
    }

    /**
     * What the merge certainly does to the hubs of one row of {@link #outcomes}' certain hubs (not on the release's
     * firmware before it): they leave IN_UPGRADE for FAILED, or for UPGRADED on the release's firmware.
     */
    private static void moved(ResultSet rs, long releaseId, boolean open, String target, Counts counts)
            throws SQLException {
        long hanSet = rs.getLong(8);
        Long hanSetId = rs.wasNull() ? null : hanSet;
        moved(rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6), rs.getString(7), hanSetId,
                "SUCCEEDED".equals(rs.getString(9)), rs.getLong(10), releaseId, open, target, counts);
    }

    private static void moved(String electricity, String gas, long variantId, String firmware, String region, Long hanSetId,
                              boolean succeeded, long hubs, long releaseId, boolean open, String target, Counts counts) {
        for (String supplier : suppliers(electricity, gas)) {
            if (open) {
                move(counts.status(), new StatusKey(releaseId, supplier, firmware, null), HubReleaseStatus.IN_UPGRADE,
                        succeeded ? HubReleaseStatus.UPGRADED : HubReleaseStatus.FAILED, hubs);
            }
            if (succeeded) {
                add(counts.firmware(), new FirmwareKey(supplier, variantId, firmware), -hubs);
                add(counts.firmware(), new FirmwareKey(supplier, variantId, target), hubs);
            }
        }
        if (succeeded) {
            add(counts.dpl(), new DplKey(electricity, gas, region, variantId, firmware, hanSetId), -hubs);
            add(counts.dpl(), new DplKey(electricity, gas, region, variantId, target, hanSetId), hubs);
        }
    }

    /**
     * How a publication's pool stands before its draw, per CSP region: how many hubs the condition on {@code comms_hub h}
     * (its {@code where}, with its arguments) selects, the sum of their ids, and how each of their suppliers sees them in
     * the release now (the definition, {@link HubReleaseStatus}), in one pass over the pool. The publication's quota is
     * taken from the hubs per region; a region it then takes whole needs no count after the draw
     * ({@link #publication}). Read under the release's lock, as the publication is.
     */
    public PoolCensus census(long releaseId, String where, List<Object> args) {
        lock(Scope.release(releaseId));
        Map<String, RegionCensus> regions = new HashMap<>();
        countStatus(releaseId, Excluding.NOTHING, facts(releaseId, Excluding.NOTHING), new Source("comms_hub h", where, args),
                (rs, key, hubs) -> {
                    RegionCensus region = regions.computeIfAbsent(rs.getString(9), r -> new RegionCensus());
                    region.statuses.merge(key, hubs, Long::sum);
                }, (rs, hubs) -> {
                    RegionCensus region = regions.computeIfAbsent(rs.getString(9), r -> new RegionCensus());
                    region.hubs += hubs;
                    region.idSum += rs.getLong(10);
                });
        return new PoolCensus(regions);
    }

    /** A publication's pool per CSP region, as {@link #census} found it. */
    public static final class PoolCensus {

        private final Map<String, RegionCensus> regions;

        private PoolCensus(Map<String, RegionCensus> regions) {
            this.regions = regions;
        }

        /** The pool's hubs in the region (a {@code csp_region} value). */
        public long hubs(String region) {
            RegionCensus census = regions.get(region);
            return census == null ? 0 : census.hubs;
        }
    }

    private static final class RegionCensus {
        private long hubs;
        private long idSum;
        private final Map<StatusKey, Long> statuses = new HashMap<>();
    }

    /** What a publication drew in a CSP region: its hubs and the sum of their ids. */
    public record RegionDraw(long hubs, long idSum) {
    }

    /**
     * Runs {@code insert}, which puts hubs, none on the release's firmware and none in an open batch of the release, into
     * the publication's batches (created before it; every region's at once) and tells what it drew per region, and
     * records what it changed: each of their suppliers sees them IN_UPGRADE instead of what the definition says of them
     * without the publication's batches. A region the draw took whole (the hubs and the sum of their ids the census
     * found) moves as the census found its hubs; the hubs of any other region are read back through their words and
     * counted. Returns the hubs drawn.
     */
    @Transactional
    public long publication(long releaseId, long publicationId, PoolCensus census, Supplier<Map<String, RegionDraw>> insert) {
        Map<String, RegionDraw> drawn = new HashMap<>();
        adding(releaseId, () -> {
            drawn.putAll(insert.get());
            return drawn;
        }, deltas -> {
            Map<StatusKey, Long> before = new HashMap<>();
            List<String> counted = new ArrayList<>();
            drawn.forEach((region, draw) -> {
                RegionCensus pool = census.regions.get(region);
                if (pool != null && pool.hubs == draw.hubs() && pool.idSum == draw.idSum()) {
                    pool.statuses.forEach((key, hubs) -> add(before, key, hubs));
                } else if (draw.hubs() > 0) {
                    counted.add(region);
                }
            });
            if (!counted.isEmpty()) {
                // the batches by their ids, so that their words are read by their key (BatchMembers.hubsOf)
                List<Long> batches = jdbc.queryForList("SELECT id FROM upgrade_batch WHERE publication_id = ? AND csp_region IN ("
                        + String.join(", ", Collections.nCopies(counted.size(), "?")) + ")", Long.class,
                        Stream.concat(Stream.of(publicationId), counted.stream()).toArray());
                Excluding publication = Excluding.publication(publicationId);
                countStatus(releaseId, publication, facts(releaseId, publication), new Source(BatchMembers.hubsOf("pm", "h"),
                        "pm.batch_id IN (" + batches.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")",
                        List.of()), before);
            }
            before.forEach((key, hubs) -> move(deltas, key, key.status(), HubReleaseStatus.IN_UPGRADE, hubs));
        });
        return drawn.values().stream().mapToLong(RegionDraw::hubs).sum();
    }

    /** Runs an insert under the release's lock, and records the changes of status that {@code counting} then tells. */
    private <T> T adding(long releaseId, Supplier<T> insert, Consumer<Map<StatusKey, Long>> counting) {
        try (Keeping keeping = new Keeping()) {
            lock(Scope.release(releaseId));
            T result = keeping.change(insert);
            Map<StatusKey, Long> deltas = new HashMap<>();
            counting.accept(deltas);
            record(new Counts(Map.of(), deltas, Map.of()));
            return result;
        }
    }

    /**
     * Counts everything afresh from the estate, set-wise, in one transaction (readers see the old counts or the new):
     * for loads that bypass the product's own writes, such as a benchmark's fixture or a restore.
     */
    @Transactional
    public void recountAll() {
        // never beside a compaction (here or on another node), whose sums this DELETE would miss: twice the counts
        clusterLock.hold(ClusterLock.ESTATE_COUNTS);
        lock(Scope.estate());
        if (postgres) {
            // Writers of hubs that no open release's lock holds back (new hubs of a variant without one) wait too.
            jdbc.execute("LOCK TABLE comms_hub IN SHARE MODE");
        }
        configurationSets.nameAll(); // the DPL's counts go by each hub's HAN set: named again first
        jdbc.update("DELETE FROM estate_firmware_count");
        jdbc.update("DELETE FROM release_status_count");
        jdbc.update("DELETE FROM dpl_count");
        Counts counts = new Counts();
        countFirmware(new Source("comms_hub h", "1 = 1", List.of()), counts);
        List<long[]> releases = jdbc.query("SELECT r.id, r.variant_id FROM firmware_release r WHERE %s ORDER BY r.id"
                .formatted(HubReleaseStatus.OPEN), (rs, row) -> new long[] {rs.getLong(1), rs.getLong(2)});
        for (long[] release : releases) {
            countRelease(release[0], release[1], counts.status());
        }
        record(counts);
    }

    /**
     * Counts a release just registered, which has no kept status yet: before it existed no hub had one in it, so what it
     * has now is what changed. Of its facts only a supplier's PREREQUISITE rule can hold hubs of it from the start
     * (AWAITING_PREREQUISITE, R28); the rest it has none of yet. Call it in the registering transaction, after the insert.
     */
    @Transactional
    public void opened(long releaseId) {
        try (Keeping keeping = new Keeping()) {
            lock(Scope.release(releaseId));
            Long variantId = jdbc.queryForObject("SELECT r.variant_id FROM firmware_release r WHERE r.id = ? AND "
                    + HubReleaseStatus.OPEN, Long.class, releaseId);
            Map<StatusKey, Long> status = new HashMap<>();
            countRelease(releaseId, variantId, status);
            record(new Counts(Map.of(), status, Map.of()));
        }
    }

    /**
     * Adds the kept statuses of the release's hubs to {@code status}: only hubs with a fact in the release can have one;
     * with DCC's prerequisite any hub of the variant, with a supplier's, the hubs it holds.
     */
    private void countRelease(long releaseId, long variantId, Map<StatusKey, Long> status) {
        Facts facts = facts(releaseId, Excluding.NOTHING);
        StringBuilder withFacts = new StringBuilder("""
                SELECT a.hub_id FROM hub_approval a WHERE a.release_id = ?
                UNION SELECT e.hub_id FROM eligible_hub e WHERE e.release_id = ?
                UNION SELECT bh.id FROM %s JOIN upgrade_batch b ON b.id = bm.batch_id WHERE b.release_id = ?
                UNION SELECT v.id FROM supplier_decision w JOIN comms_hub v
                  ON v.electricity_supplier = w.supplier_code OR v.gas_supplier = w.supplier_code
                WHERE w.release_id = ? AND w.method = 'WHOLE_ESTATE' AND v.variant_id = ?""".formatted(
                BatchMembers.hubsOf("bm", "bh")));
        List<Object> args = new ArrayList<>(List.of(releaseId, releaseId, releaseId, releaseId, variantId));
        if (facts.prerequisite()) {
            withFacts.append(" UNION SELECT v.id FROM comms_hub v WHERE v.variant_id = ?");
            args.add(variantId);
        } else if (facts.supplierPrerequisites()) {
            withFacts.append(" UNION SELECT h.id FROM comms_hub h WHERE h.variant_id = ? AND ")
                    .append(HubReleaseStatus.HELD_BY_SUPPLIER_PREREQUISITE);
            args.add(variantId);
        }
        countStatus(releaseId, Excluding.NOTHING, facts, Source.of(Hubs.fixed(withFacts.toString(), args.toArray())), status);
    }

    /**
     * Collapses the rows appended since the last compaction into one row per key, leaving out the counts of releases
     * that have ended. Rows appended meanwhile by other transactions are not marked, so they are neither summed nor
     * deleted here; a compaction running at the same time waits for this one's marks.
     */
    @Transactional
    public void compact() {
        clusterLock.hold(ClusterLock.ESTATE_COUNTS);
        jdbc.update("UPDATE estate_firmware_count SET compacting = TRUE WHERE compacting = FALSE");
        jdbc.update("""
                INSERT INTO estate_firmware_count (supplier_code, variant_id, firmware_version, hubs)
                SELECT supplier_code, variant_id, firmware_version, SUM(hubs) FROM estate_firmware_count WHERE compacting = TRUE
                GROUP BY supplier_code, variant_id, firmware_version HAVING SUM(hubs) <> 0""");
        jdbc.update("DELETE FROM estate_firmware_count WHERE compacting = TRUE");
        jdbc.update("UPDATE dpl_count SET compacting = TRUE WHERE compacting = FALSE");
        jdbc.update("""
                INSERT INTO dpl_count (electricity_supplier, gas_supplier, csp_region, variant_id, firmware_version, han_set_id, hubs)
                SELECT electricity_supplier, gas_supplier, csp_region, variant_id, firmware_version, han_set_id, SUM(hubs)
                FROM dpl_count WHERE compacting = TRUE
                GROUP BY electricity_supplier, gas_supplier, csp_region, variant_id, firmware_version, han_set_id
                HAVING SUM(hubs) <> 0""");
        jdbc.update("DELETE FROM dpl_count WHERE compacting = TRUE");
        jdbc.update("UPDATE release_status_count SET compacting = TRUE WHERE compacting = FALSE");
        jdbc.update("""
                INSERT INTO release_status_count (release_id, supplier_code, firmware_version, status, hubs)
                SELECT c.release_id, c.supplier_code, c.firmware_version, c.status, SUM(c.hubs)
                FROM release_status_count c JOIN firmware_release r ON r.id = c.release_id
                WHERE c.compacting = TRUE AND %s
                GROUP BY c.release_id, c.supplier_code, c.firmware_version, c.status HAVING SUM(c.hubs) <> 0"""
                .formatted(HubReleaseStatus.OPEN));
        jdbc.update("DELETE FROM release_status_count WHERE compacting = TRUE");
    }

    /**
     * How long keeping the counts has taken since the application started, beside the changes themselves (the locks,
     * the counting and the appended rows): the benchmarks report it with each figure it is part of.
     */
    public Duration keepingTime() {
        return Duration.ofNanos(keepingNanos.get());
    }

    /**
     * Takes the scope's locks now, for a change that must take locks of its own before it is counted (the estate
     * import locks {@code comms_hub} against other writers first, and release rows are always locked before that).
     */
    @Transactional
    public void lockFor(Scope scope) {
        lock(scope);
    }

    /** What the decision's approvals changed for the supplier that decided, hub by hub set-wise. */
    private void approved(long releaseId, String supplier, long decisionId, Map<StatusKey, Long> deltas) {
        Excluding decision = Excluding.decision(decisionId);
        boolean approvalsBefore = facts(releaseId, decision).approvals();
        Source approvals = new Source("hub_approval d JOIN comms_hub h ON h.id = d.hub_id", "d.decision_id = ?",
                List.of(decisionId));
        grouped("""
                SELECT x.release_id, x.firmware_version, x.approved_before, COUNT(*) FROM (
                  SELECT h.release_id, h.firmware_version, %s AS approved_before FROM %s %s WHERE h.dominant IS NULL) x
                GROUP BY x.release_id, x.firmware_version, x.approved_before""".formatted(
                        approvalsBefore ? flag(HubReleaseStatus.approvedByAnyone("v.code", decision)) : "0",
                        withDominant(HubReleaseStatus.dominant(Excluding.NOTHING, facts(releaseId, Excluding.NOTHING), true),
                                releaseId, approvals), VIEWER), rs -> {
            String before = rs.getInt(3) == 1 ? HubReleaseStatus.AWAITING_YOUR_APPROVAL : HubReleaseStatus.NOT_APPROVED;
            move(deltas, new StatusKey(rs.getLong(1), supplier, rs.getString(2), null), before,
                    HubReleaseStatus.AWAITING_OTHER_SUPPLIER, rs.getLong(4));
        }, List.of(decisionId, supplier));
    }

    /** Which kinds of facts the release (or every open release) has now, without the rows {@code excluding} names. */
    private Facts facts(Long releaseId, Excluding excluding) {
        String query = Facts.query(releaseId != null, excluding);
        Object[] args = releaseId == null ? new Object[0] : Collections.nCopies(Facts.RELEASE_PARAMETERS, releaseId).toArray();
        Facts facts = jdbc.queryForObject(query, (rs, row) -> new Facts(rs.getInt(1) == 1, rs.getInt(2) == 1, rs.getInt(3) == 1,
                rs.getInt(4) == 1, rs.getInt(5) == 1, HubReleaseStatus.eligibleFor("r.id")), args);
        return facts.eligibility() ? facts.eligibleBy(compiledEligibility(releaseId)) : facts;
    }

    /**
     * Eligibility for the release {@code r.id}, of the release given (or of every open release), compiled from the
     * marked whole-estate decisions and pairs as they stand in this transaction ({@link HubReleaseStatus#eligibleByMarks}):
     * read under the releases' lock, which every marking takes, so they stand until the counting statement has run.
     * Every count of this class tells eligibility so; the tests hold it to the definition.
     */
    public String compiledEligibility(Long releaseId) {
        String releases = " JOIN firmware_release r ON r.id = %s WHERE " + HubReleaseStatus.OPEN
                + (releaseId == null ? "" : " AND r.id = ?");
        List<HubReleaseStatus.DecisionMark> marks = jdbc.query("""
                SELECT w.release_id, r.variant_id, w.supplier_code, CAST(NULL AS VARCHAR(32)), MAX(w.eligible_through_hub)
                FROM supplier_decision w%s AND w.method = 'WHOLE_ESTATE' AND w.eligible_seq IS NOT NULL
                GROUP BY w.release_id, r.variant_id, w.supplier_code
                UNION ALL
                SELECT y.release_id, r.variant_id, y.supplier_code, y.recipient, MAX(y.paired_through_hub)
                FROM decision_disclosure y%s AND y.paired_seq IS NOT NULL
                GROUP BY y.release_id, r.variant_id, y.supplier_code, y.recipient"""
                .formatted(releases.formatted("w.release_id"), releases.formatted("y.release_id")), (rs, row) ->
                new HubReleaseStatus.DecisionMark(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getLong(5)),
                releaseId == null ? new Object[0] : new Object[] {releaseId, releaseId});
        Integer rows = jdbc.queryForObject("SELECT CASE WHEN EXISTS (SELECT 1 FROM eligible_hub e"
                + releases.formatted("e.release_id") + ") THEN 1 ELSE 0 END", Integer.class,
                releaseId == null ? new Object[0] : new Object[] {releaseId});
        return HubReleaseStatus.eligibleByMarks(marks, rows != null && rows == 1);
    }

    /** The hubs' firmware counts and their kept statuses in the release given (or every open release of their variant). */
    private Counts count(Long releaseId, Source hubs) {
        Counts counts = new Counts();
        Facts facts = facts(releaseId, Excluding.NOTHING);
        // One row per hub and release it has a status in, or one with no release: each hub's firmware is counted from
        // the rows of one release (all hubs of a variant and firmware version have a row for the same releases).
        Map<List<Object>, Long> firmwareRelease = new HashMap<>();
        Map<List<Object>, Map<FirmwareKey, Long>> firmwareByRelease = new HashMap<>();
        Map<List<Object>, Map<DplKey, Long>> dplByRelease = new HashMap<>();
        grouped("""
                SELECT x.release_id, x.electricity_supplier, x.gas_supplier, x.variant_id, x.firmware_version, x.dominant,
                       x.by_electricity, x.by_gas, COUNT(*), x.csp_region, x.han_set_id FROM (
                  SELECT h.release_id, h.electricity_supplier, h.gas_supplier, h.variant_id, h.firmware_version, h.dominant,
                         h.csp_region, h.han_set_id,
                         CASE WHEN h.release_id IS NOT NULL AND h.dominant IS NULL AND h.electricity_supplier IS NOT NULL
                              THEN %s END AS by_electricity,
                         CASE WHEN h.release_id IS NOT NULL AND h.dominant IS NULL AND %s THEN %s END AS by_gas
                  FROM %s) x
                GROUP BY x.release_id, x.electricity_supplier, x.gas_supplier, x.variant_id, x.firmware_version, x.dominant,
                         x.by_electricity, x.by_gas, x.csp_region, x.han_set_id""".formatted(
                        HubReleaseStatus.undominated("h.electricity_supplier", Excluding.NOTHING, facts), SPLIT, HubReleaseStatus.undominated("h.gas_supplier", Excluding.NOTHING, facts),
                withDominant(HubReleaseStatus.dominant(Excluding.NOTHING, facts, true), releaseId, hubs, true)), rs -> {
            long release = rs.getLong(1);
            boolean inRelease = !rs.wasNull();
            String electricity = rs.getString(2);
            String gas = rs.getString(3);
            List<Object> variantFirmware = List.of(rs.getLong(4), rs.getString(5));
            long hubCount = rs.getLong(9);
            firmwareRelease.merge(variantFirmware, inRelease ? release : 0, Math::min);
            Map<FirmwareKey, Long> firmware = firmwareByRelease.computeIfAbsent(List.of(variantFirmware, inRelease ? release : 0),
                    key -> new HashMap<>());
            for (String supplier : suppliers(electricity, gas)) {
                add(firmware, new FirmwareKey(supplier, rs.getLong(4), rs.getString(5)), hubCount);
            }
            add(dplByRelease.computeIfAbsent(List.of(variantFirmware, inRelease ? release : 0), key -> new HashMap<>()),
                    DplKey.of(rs, electricity, gas, 10, 4, 5, 11), hubCount);
            if (inRelease) {
                String dominant = rs.getString(6);
                if (electricity != null) {
                    add(counts.status(), new StatusKey(release, electricity, rs.getString(5), dominant != null ? dominant
                            : rs.getString(7)), hubCount);
                }
                if (gas != null && !gas.equals(electricity)) {
                    add(counts.status(), new StatusKey(release, gas, rs.getString(5), dominant != null ? dominant : rs.getString(8)),
                            hubCount);
                }
            }
        }, hubs.args());
        firmwareRelease.forEach((variantFirmware, release) -> {
            firmwareByRelease.get(List.of(variantFirmware, release)).forEach((key, hubCount) -> add(counts.firmware(), key, hubCount));
            dplByRelease.get(List.of(variantFirmware, release)).forEach((key, hubCount) -> add(counts.dpl(), key, hubCount));
        });
        return counts;
    }

    private void countFirmware(Source hubs, Counts counts) {
        grouped("""
                SELECT h.electricity_supplier, h.gas_supplier, h.variant_id, h.firmware_version, COUNT(*), h.csp_region,
                       h.han_set_id FROM %s WHERE %s
                GROUP BY h.electricity_supplier, h.gas_supplier, h.variant_id, h.firmware_version, h.csp_region, h.han_set_id"""
                .formatted(hubs.from(), hubs.where()), rs -> {
            for (String supplier : suppliers(rs.getString(1), rs.getString(2))) {
                add(counts.firmware(), new FirmwareKey(supplier, rs.getLong(3), rs.getString(4)), rs.getLong(5));
            }
            add(counts.dpl(), DplKey.of(rs, rs.getString(1), rs.getString(2), 6, 3, 4, 7), rs.getLong(5));
        }, hubs.args());
    }

    /**
     * Adds the hubs' statuses in the release given (or every open release of their variant) to {@code status}, as their
     * suppliers see them without the rows {@code excluding} names: the dominant part once per hub, the rest per supplier.
     */
    private void countStatus(Long releaseId, Excluding excluding, Facts facts, Source hubs, Map<StatusKey, Long> status) {
        countStatus(releaseId, excluding, facts, hubs, (rs, key, count) -> add(status, key, count), null);
    }

    /** A group of hubs of a status count: the key of one of their suppliers, and how many. */
    @FunctionalInterface
    private interface StatusRow {
        void accept(ResultSet rs, StatusKey key, long hubs) throws SQLException;
    }

    /** A group of hubs of a status count, once (not per supplier). */
    @FunctionalInterface
    private interface GroupRow {
        void accept(ResultSet rs, long hubs) throws SQLException;
    }

    /**
     * Counts the hubs' statuses, each group of hubs told to {@code status} once per supplier; with {@code groups}, also
     * grouped by CSP region (column 9) with the sum of the hubs' ids (column 10), each group told to it once.
     */
    private void countStatus(Long releaseId, Excluding excluding, Facts facts, Source hubs, StatusRow status, GroupRow groups) {
        String region = groups == null ? "" : ", x.csp_region";
        grouped("""
                SELECT x.release_id, x.electricity_supplier, x.gas_supplier, x.firmware_version, x.dominant, x.by_electricity,
                       x.by_gas, COUNT(*)%1$s FROM (
                  SELECT h.release_id, h.electricity_supplier, h.gas_supplier, h.firmware_version, h.dominant,
                         CASE WHEN h.dominant IS NULL AND h.electricity_supplier IS NOT NULL THEN %2$s END AS by_electricity,
                         CASE WHEN h.dominant IS NULL AND %3$s THEN %4$s END AS by_gas%5$s
                  FROM %6$s) x
                GROUP BY x.release_id, x.electricity_supplier, x.gas_supplier, x.firmware_version, x.dominant, x.by_electricity,
                         x.by_gas%7$s""".formatted(groups == null ? "" : ", x.csp_region, SUM(x.id)",
                        HubReleaseStatus.undominated("h.electricity_supplier", excluding, facts), SPLIT,
                        HubReleaseStatus.undominated("h.gas_supplier", excluding, facts),
                        groups == null ? "" : ", h.csp_region, h.id",
                        withDominant(HubReleaseStatus.dominant(excluding, facts, true), releaseId, hubs), region), rs -> {
            String electricity = rs.getString(2);
            String gas = rs.getString(3);
            String dominant = rs.getString(5);
            if (electricity != null) {
                status.accept(rs, new StatusKey(rs.getLong(1), electricity, rs.getString(4),
                        dominant != null ? dominant : rs.getString(6)), rs.getLong(8));
            }
            if (gas != null && !gas.equals(electricity)) {
                status.accept(rs, new StatusKey(rs.getLong(1), gas, rs.getString(4), dominant != null ? dominant : rs.getString(7)),
                        rs.getLong(8));
            }
            if (groups != null) {
                groups.accept(rs, rs.getLong(8));
            }
        }, hubs.args());
    }

    /**
     * Runs a query that groups many hubs into a few rows. Right after a change inserted hundreds of thousands of rows,
     * PostgreSQL's statistics still say the tables are small and it would sort every hub's row to group them (on disk,
     * beyond work_mem); hashing is right whatever the size, so sorting is ruled out for this one statement
     * ({@link PlannerStatistics#withoutSorting}).
     */
    private void grouped(String sql, RowCallbackHandler rows, List<Object> args) {
        statistics.withoutSorting(() -> {
            jdbc.query(sql, rows, args.toArray());
            return null;
        });
    }

    /**
     * The hubs of {@code source}, each with every open release of its variant it is not upgraded to (or the one given),
     * as {@code h}, with the release as {@code r}, and the {@code dominant} status of each pair told once: the fence
     * ({@code OFFSET 0}) keeps PostgreSQL from copying its conditions into every reference to it.
     */
    private static String withDominant(String dominant, Long releaseId, Source source) {
        return withDominant(dominant, releaseId, source, false);
    }

    /** As {@link #withDominant(String, Long, Source)}; with {@code everyHub}, also a row (release NULL) for each hub with none. */
    private static String withDominant(String dominant, Long releaseId, Source source, boolean everyHub) {
        return """
                (SELECT h.id, h.electricity_supplier, h.gas_supplier, h.variant_id, h.firmware_version, h.csp_region,
                        h.han_set_id, r.id AS release_id, %s AS dominant
                 FROM %s %s firmware_release r ON %s WHERE %s OFFSET 0 ROWS) h
                %s""".formatted(everyHub ? "CASE WHEN r.id IS NULL THEN NULL ELSE " + dominant + " END" : dominant, source.from(),
                everyHub ? "LEFT JOIN" : "JOIN", releasesOf(releaseId), source.where(),
                releaseId == null ? "LEFT JOIN firmware_release r ON r.id = h.release_id"
                        : "CROSS JOIN (VALUES (CAST(" + releaseId + " AS BIGINT))) r (id)");
    }

    /** The join condition to the releases a hub has a kept status in: open, of its variant, not its firmware version. */
    private static String releasesOf(Long releaseId) {
        return "r.variant_id = h.variant_id AND r.firmware_version <> h.firmware_version AND " + HubReleaseStatus.OPEN
                + (releaseId == null ? "" : " AND r.id = " + releaseId);
    }

    private static String flag(String condition) {
        return "CASE WHEN " + condition + " THEN 1 ELSE 0 END";
    }

    /** The distinct responsible suppliers of a hub: one for a single-fuel or same-supplier hub, two for a split one. */
    private static List<String> suppliers(String electricity, String gas) {
        if (electricity == null) {
            return List.of(gas);
        }
        return gas == null || gas.equals(electricity) ? List.of(electricity) : List.of(electricity, gas);
    }

    /** {@code hubs} of the key's release, supplier and firmware version leave status {@code from} for {@code to}. */
    private static void move(Map<StatusKey, Long> deltas, StatusKey key, String from, String to, long hubs) {
        if (!from.equals(to)) {
            add(deltas, new StatusKey(key.releaseId(), key.supplier(), key.firmwareVersion(), from), -hubs);
            add(deltas, new StatusKey(key.releaseId(), key.supplier(), key.firmwareVersion(), to), hubs);
        }
    }

    private void lock(Scope scope) {
        String shared = postgres ? " FOR KEY SHARE" : " FOR UPDATE";
        switch (scope.lock) {
            case RELEASE -> jdbc.queryForList("SELECT id FROM firmware_release WHERE id = ? FOR UPDATE", Long.class, scope.id);
            case RELEASE_SHARED -> jdbc.queryForList("SELECT id FROM firmware_release WHERE id = ?" + shared, Long.class, scope.id);
            case VARIANT_SHARED -> jdbc.queryForList("SELECT r.id FROM firmware_release r WHERE r.variant_id = ? AND "
                    + HubReleaseStatus.OPEN + " ORDER BY r.id" + shared, Long.class, scope.id);
            case ESTATE -> jdbc.queryForList("SELECT r.id FROM firmware_release r WHERE " + HubReleaseStatus.OPEN
                    + " ORDER BY r.id FOR UPDATE", Long.class);
        }
    }

    private void record(Counts counts) {
        List<Object[]> firmware = new ArrayList<>();
        counts.firmware().forEach((key, hubs) -> {
            if (hubs != 0) {
                firmware.add(new Object[] {key.supplier(), key.variantId(), key.firmwareVersion(), hubs});
            }
        });
        List<Object[]> status = new ArrayList<>();
        counts.status().forEach((key, hubs) -> {
            if (hubs != 0 && kept(key.status())) {
                status.add(new Object[] {key.releaseId(), key.supplier(), key.firmwareVersion(), key.status(), hubs});
            }
        });
        List<Object[]> dpl = new ArrayList<>();
        counts.dpl().forEach((key, hubs) -> {
            if (hubs != 0) {
                dpl.add(new Object[] {key.electricitySupplier(), key.gasSupplier(), key.cspRegion(), key.variantId(),
                        key.firmwareVersion(), key.hanSetId(), hubs});
            }
        });
        if (!dpl.isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO dpl_count (electricity_supplier, gas_supplier, csp_region, variant_id, firmware_version, han_set_id,
                                           hubs) VALUES (?, ?, ?, ?, ?, ?, ?)""", dpl);
        }
        if (!firmware.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO estate_firmware_count (supplier_code, variant_id, firmware_version, hubs) VALUES (?, ?, ?, ?)",
                    firmware);
        }
        if (!status.isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO release_status_count (release_id, supplier_code, firmware_version, status, hubs)
                    VALUES (?, ?, ?, ?, ?)""", status);
        }
    }

    private static boolean kept(String status) {
        return !HubReleaseStatus.UPGRADED.equals(status) && !HubReleaseStatus.NOT_APPROVED.equals(status);
    }

    private static <K> void add(Map<K, Long> counts, K key, long hubs) {
        counts.merge(key, hubs, Long::sum);
    }

    /** Times one call: all of it, less the change it runs, is time spent keeping the counts. */
    private final class Keeping implements AutoCloseable {

        private final long started = System.nanoTime();
        private long changeNanos;

        <T> T change(Supplier<T> change) {
            long changeStarted = System.nanoTime();
            try {
                return change.get();
            } finally {
                changeNanos += System.nanoTime() - changeStarted;
            }
        }

        @Override
        public void close() {
            keepingNanos.addAndGet(System.nanoTime() - started - changeNanos);
        }
    }

    /** Where the hubs of a count come from: tables joined to {@code comms_hub h}, and the condition that selects them. */
    private record Source(String from, String where, List<Object> args) {

        static Source of(Hubs hubs) {
            return new Source("comms_hub h", "h.id IN (" + hubs.sql() + ")", hubs.args());
        }

        /** The hubs one change listed in {@code estate_count_hub} under {@code changeId}. */
        static Source listed(String changeId) {
            return new Source("estate_count_hub t JOIN comms_hub h ON h.id = t.hub_id", "t.change_id = ?", List.of(changeId));
        }
    }

    /** Grouped counts of some hubs: a few dozen entries, never one per hub. */
    private record Counts(Map<FirmwareKey, Long> firmware, Map<StatusKey, Long> status, Map<DplKey, Long> dpl) {

        Counts() {
            this(new HashMap<>(), new HashMap<>(), new HashMap<>());
        }

        /** These counts with {@code other}'s added. */
        Counts plus(Counts other) {
            other.firmware.forEach((key, hubs) -> add(firmware, key, hubs));
            other.status.forEach((key, hubs) -> add(status, key, hubs));
            other.dpl.forEach((key, hubs) -> add(dpl, key, hubs));
            return this;
        }

        Counts minus(Counts before) {
            Counts difference = new Counts();
            difference.firmware.putAll(firmware);
            difference.status.putAll(status);
            difference.dpl.putAll(dpl);
            before.firmware.forEach((key, hubs) -> add(difference.firmware, key, -hubs));
            before.status.forEach((key, hubs) -> add(difference.status, key, -hubs));
            before.dpl.forEach((key, hubs) -> add(difference.dpl, key, -hubs));
            return difference;
        }
    }

    /** A DPL count's key: the hub's pair of suppliers (as on its row), its region and its configuration set. */
    private record DplKey(String electricitySupplier, String gasSupplier, String cspRegion, long variantId,
                          String firmwareVersion, Long hanSetId) {

        static DplKey of(ResultSet rs, String electricity, String gas, int region, int variant, int firmware,
                         int hanSet) throws SQLException {
            long hanSetId = rs.getLong(hanSet);
            return new DplKey(electricity, gas, rs.getString(region), rs.getLong(variant), rs.getString(firmware),
                    rs.wasNull() ? null : hanSetId);
        }
    }

    private record FirmwareKey(String supplier, long variantId, String firmwareVersion) {
    }

    private record StatusKey(long releaseId, String supplier, String firmwareVersion, String status) {
    }
}
