package uk.co.dcc.chfirmware.insight;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.co.dcc.chfirmware.estate.configsets.ConfigurationSet;
import uk.co.dcc.chfirmware.schema.Databases;

/**
 * The DPL's trend (R33): a snapshot a day of the kept DPL counts, by configuration set and CH firmware version, for the
 * industry (scope {@code *}) and for each supplier (its code), taken set-wise in one INSERT ... SELECT over
 * {@code dpl_count} (a few thousand rows, whatever the estate's size), and the move from set to set read back from them.
 *
 * <p>Two nodes: the day's row in {@code dpl_snapshot_day} is claimed first, in the snapshot's transaction; whoever
 * claims it takes the day, the other finds it taken (on PostgreSQL it waits for the first to commit). DCC's snapshot on
 * demand takes the day again, replacing its rows under the same row's lock.
 */
@Service
public class DplSnapshots {

    /** The scope of the industry's rows. */
    public static final String INDUSTRY = "*";
    /** Days are the UK's. */
    static final ZoneId UK = ZoneId.of("Europe/London");

    private static final String SNAPSHOT = """
            INSERT INTO dpl_snapshot (scope, snapshot_day, csp_region, variant_id, firmware_version, han_set_id, hubs)
            SELECT x.scope, ?, x.csp_region, x.variant_id, x.firmware_version, x.han_set_id, SUM(x.hubs) FROM (
              SELECT CAST('*' AS VARCHAR(32)) AS scope, c.csp_region, c.variant_id, c.firmware_version,
                     COALESCE(c.han_set_id, 0) AS han_set_id, c.hubs FROM dpl_count c
              UNION ALL
              SELECT c.electricity_supplier, c.csp_region, c.variant_id, c.firmware_version, COALESCE(c.han_set_id, 0), c.hubs
              FROM dpl_count c WHERE c.electricity_supplier IS NOT NULL
              UNION ALL
              SELECT c.gas_supplier, c.csp_region, c.variant_id, c.firmware_version, COALESCE(c.han_set_id, 0), c.hubs
              FROM dpl_count c WHERE c.gas_supplier IS NOT NULL
                AND (c.electricity_supplier IS NULL OR c.gas_supplier <> c.electricity_supplier)) x
            GROUP BY x.scope, x.csp_region, x.variant_id, x.firmware_version, x.han_set_id HAVING SUM(x.hubs) <> 0""";

    private final JdbcTemplate jdbc;
    private final DeployedProducts products;
    private final Clock clock;
    private final boolean postgres;

    public DplSnapshots(JdbcTemplate jdbc, DeployedProducts products, Clock clock, DataSource dataSource) {
        this.jdbc = jdbc;
        this.products = products;
        this.clock = clock;
        this.postgres = Databases.isPostgres(dataSource);
    }

    /** A day's snapshot: when it was taken, how many hubs (each once) and rows it holds. */
    public record Snapshot(LocalDate day, java.time.Instant takenAt, long hubs, long rows, boolean taken) {
    }

    /** Today in the UK. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(UK));
    }

    /** Takes today's snapshot unless some node has (the scheduled job); returns whether this call took it. */
    @Transactional
    public boolean takeIfMissing() {
        return take(today(), false).taken();
    }

    /** Takes the day's snapshot, replacing one already taken when {@code replace} (DCC, on demand). */
    @Transactional
    public Snapshot take(LocalDate day, boolean replace) {
        Timestamp now = Timestamp.from(clock.instant());
        int claimed = postgres
                ? jdbc.update("INSERT INTO dpl_snapshot_day (snapshot_day, taken_at, hubs) VALUES (?, ?, 0) ON CONFLICT DO NOTHING",
                        Date.valueOf(day), now)
                : jdbc.update("""
                        INSERT INTO dpl_snapshot_day (snapshot_day, taken_at, hubs)
                        SELECT ?, ?, 0 FROM (VALUES (1)) one (x)
                        WHERE NOT EXISTS (SELECT 1 FROM dpl_snapshot_day WHERE snapshot_day = ?)""",
                        Date.valueOf(day), now, Date.valueOf(day));
        if (claimed == 0) {
            if (!replace) {
                return snapshotOf(day, false);
            }
            jdbc.queryForList("SELECT snapshot_day FROM dpl_snapshot_day WHERE snapshot_day = ? FOR UPDATE", Date.class,
                    Date.valueOf(day));
            jdbc.update("DELETE FROM dpl_snapshot WHERE snapshot_day = ?", Date.valueOf(day));
        }
        jdbc.update(SNAPSHOT, Date.valueOf(day));
        jdbc.update("""
                UPDATE dpl_snapshot_day SET taken_at = ?, hubs = (SELECT COALESCE(SUM(hubs), 0) FROM dpl_snapshot
                                                                  WHERE snapshot_day = ? AND scope = '*')
                WHERE snapshot_day = ?""", now, Date.valueOf(day), Date.valueOf(day));
        return snapshotOf(day, true);
    }

    private Snapshot snapshotOf(LocalDate day, boolean taken) {
        return jdbc.queryForObject("""
                SELECT d.taken_at, d.hubs, (SELECT COUNT(*) FROM dpl_snapshot s WHERE s.snapshot_day = d.snapshot_day)
                FROM dpl_snapshot_day d WHERE d.snapshot_day = ?""", (rs, row) -> new Snapshot(day,
                rs.getTimestamp(1).toInstant(), rs.getLong(2), rs.getLong(3), taken), Date.valueOf(day));
    }

    /** One line of a trend: a configuration set's (or a firmware version's) hubs on each day of {@link Trend#days}. */
    public record Series(String key, String label, List<Long> hubs) {
    }

    /**
     * The move from set to set over the days snapshotted in the last {@code days} days: hubs by configuration set and by
     * variant and CH firmware version, a value per day.
     */
    public record Trend(String scope, List<LocalDate> days, List<Series> configurationSets, List<Series> firmwareVersions) {
    }

    /** The trend of a scope: a supplier's code, or {@link #INDUSTRY}. */
    public Trend trend(String scope, int days) {
        LocalDate to = today();
        LocalDate from = to.minusDays(Math.max(1, days) - 1L);
        TreeSet<LocalDate> snapshotDays = new TreeSet<>();
        Map<List<Object>, Map<LocalDate, Long>> bySet = new LinkedHashMap<>();
        jdbc.query("""
                SELECT s.snapshot_day, s.variant_id, s.firmware_version, s.han_set_id, SUM(s.hubs) FROM dpl_snapshot s
                WHERE s.scope = ? AND s.snapshot_day BETWEEN ? AND ?
                GROUP BY s.snapshot_day, s.variant_id, s.firmware_version, s.han_set_id""", rs -> {
            LocalDate day = rs.getDate(1).toLocalDate();
            bySet.computeIfAbsent(List.of(rs.getLong(2), rs.getString(3), rs.getLong(4)), k -> new LinkedHashMap<>())
                    .put(day, rs.getLong(5));
        }, scope, Date.valueOf(from), Date.valueOf(to));
        jdbc.query("SELECT snapshot_day FROM dpl_snapshot_day WHERE snapshot_day BETWEEN ? AND ? ORDER BY snapshot_day",
                rs -> {
                    snapshotDays.add(rs.getDate(1).toLocalDate());
                }, Date.valueOf(from), Date.valueOf(to));
        List<LocalDate> dayList = new ArrayList<>(snapshotDays);
        DeployedProducts.Sets sets = products.sets();
        List<Series> configurationSets = new ArrayList<>();
        Map<String, Map<LocalDate, Long>> byFirmware = new LinkedHashMap<>();
        bySet.forEach((set, counts) -> {
            ConfigurationSet named = sets.of((Long) set.get(0), (String) set.get(1), (Long) set.get(2));
            configurationSets.add(new Series(named.key(), named.label(), values(dayList, counts)));
            Map<LocalDate, Long> firmware = byFirmware.computeIfAbsent(named.variantName() + " fw " + named.firmwareVersion(),
                    k -> new LinkedHashMap<>());
            counts.forEach((day, hubs) -> firmware.merge(day, hubs, Long::sum));
        });
        List<Series> firmwareVersions = new ArrayList<>();
        byFirmware.forEach((label, counts) -> firmwareVersions.add(new Series(label, label, values(dayList, counts))));
        Comparator<Series> latestFirst = Comparator.comparingLong((Series s) -> s.hubs().isEmpty() ? 0
                : s.hubs().get(s.hubs().size() - 1)).reversed().thenComparing(Series::key);
        configurationSets.sort(latestFirst);
        firmwareVersions.sort(latestFirst);
        return new Trend(scope, dayList, configurationSets, firmwareVersions);
    }

    private static List<Long> values(List<LocalDate> days, Map<LocalDate, Long> counts) {
        return days.stream().map(day -> counts.getOrDefault(day, 0L)).toList();
    }
}
