package uk.co.dcc.chfirmware.insight;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import uk.co.dcc.chfirmware.csv.SpreadsheetSafeCsv;
import uk.co.dcc.chfirmware.estate.ledger.EstateCounts;
import uk.co.dcc.chfirmware.estate.ledger.HubReleaseStatus;

/**
 * A supplier's own estate (R20): firmware versions by variant, where each of its hubs stands in each open
 * release, and its hubs one by one. Split-supplier hubs show which fuel is the supplier's, never who
 * supplies the other.
 */
@Service
public class SupplierEstateView {

    private static final String OWN = "(h.electricity_supplier = ? OR h.gas_supplier = ?)";
    private final JdbcTemplate jdbc;

    public SupplierEstateView(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Hub counts by variant and firmware version, and by status in each open release of the variant, read from the
     * counts {@link EstateCounts} keeps: a few hundred rows whatever the estate's size. UPGRADED and NOT_APPROVED are not
     * kept but follow from the firmware counts: a hub of the release's variant on its firmware is UPGRADED, and every
     * other one without a kept status is NOT_APPROVED. The same as {@link #liveSummary}, row for row.
     */
    public EstateSummary summary(String supplier) {
        List<EstateSummary.FirmwareCount> firmware = jdbc.query("""
                SELECT v.id, v.manufacturer, v.model, v.hardware_version, c.firmware_version, SUM(c.hubs)
                FROM estate_firmware_count c JOIN ch_variant v ON v.id = c.variant_id WHERE c.supplier_code = ?
                GROUP BY v.id, v.manufacturer, v.model, v.hardware_version, c.firmware_version HAVING SUM(c.hubs) <> 0
                ORDER BY v.id, c.firmware_version""",
                (rs, row) -> new EstateSummary.FirmwareCount(rs.getLong(1), variantName(rs, 2), rs.getString(5), rs.getLong(6)),
                supplier);
        String firmwareCounts = """
                (SELECT variant_id, firmware_version, SUM(hubs) AS hubs FROM estate_firmware_count
                 WHERE supplier_code = ? GROUP BY variant_id, firmware_version)""";
        String statusCounts = """
                (SELECT c.release_id, c.firmware_version, c.status, SUM(c.hubs) AS hubs FROM release_status_count c
                 WHERE c.supplier_code = ? GROUP BY c.release_id, c.firmware_version, c.status)""";
        List<EstateSummary.ReleaseCount> releases = jdbc.query("""
                SELECT x.release_id, x.target, x.firmware_version, x.status, x.hubs FROM (
                  SELECT r.id AS release_id, r.firmware_version AS target, f.firmware_version, 'UPGRADED' AS status, f.hubs
                  FROM firmware_release r JOIN %1$s f ON f.variant_id = r.variant_id AND f.firmware_version = r.firmware_version
                  WHERE %3$s
                  UNION ALL
                  SELECT r.id, r.firmware_version, f.firmware_version, 'NOT_APPROVED', f.hubs - COALESCE(k.hubs, 0)
                  FROM firmware_release r JOIN %1$s f ON f.variant_id = r.variant_id AND f.firmware_version <> r.firmware_version
                  LEFT JOIN (SELECT release_id, firmware_version, SUM(hubs) AS hubs FROM %2$s kept
                             GROUP BY release_id, firmware_version) k
                    ON k.release_id = r.id AND k.firmware_version = f.firmware_version
                  WHERE %3$s
                  UNION ALL
                  SELECT k.release_id, r.firmware_version, k.firmware_version, k.status, k.hubs
                  FROM %2$s k JOIN firmware_release r ON r.id = k.release_id WHERE %3$s) x
                WHERE x.hubs <> 0
                ORDER BY x.release_id, x.firmware_version, x.status""".formatted(firmwareCounts, statusCounts, HubReleaseStatus.OPEN),
                (rs, row) -> new EstateSummary.ReleaseCount(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5)), supplier, supplier, supplier, supplier);
        return new EstateSummary(supplier, firmware, releases);
    }

    /**
     * The same summary computed live from the estate, hub by hub: the definition the kept counts must equal ({@link
     * HubReleaseStatus}). It costs about 3 µs per hub and open release of its variant, so it serves the tests that
     * hold the counts to it, not the API.
     */
    public EstateSummary liveSummary(String supplier) {
        List<EstateSummary.FirmwareCount> firmware = jdbc.query("""
                SELECT v.id, v.manufacturer, v.model, v.hardware_version, h.firmware_version, COUNT(*)
                FROM comms_hub h JOIN ch_variant v ON v.id = h.variant_id WHERE %s
                GROUP BY v.id, v.manufacturer, v.model, v.hardware_version, h.firmware_version
                ORDER BY v.id, h.firmware_version""".formatted(OWN),
                (rs, row) -> new EstateSummary.FirmwareCount(rs.getLong(1), variantName(rs, 2), rs.getString(5), rs.getLong(6)),
                supplier, supplier);
        List<EstateSummary.ReleaseCount> releases = jdbc.query("""
                SELECT x.release_id, x.target, x.firmware_version, x.status, COUNT(*) FROM (
                  SELECT r.id AS release_id, r.firmware_version AS target, h.firmware_version, %s AS status
                  FROM comms_hub h JOIN firmware_release r ON r.variant_id = h.variant_id
                  CROSS JOIN (VALUES (CAST(? AS VARCHAR(32)))) me (code)
                  WHERE %s AND %s) x
                GROUP BY x.release_id, x.target, x.firmware_version, x.status
                ORDER BY x.release_id, x.firmware_version, x.status""".formatted(HubReleaseStatus.seenBy("me.code"),
                        HubReleaseStatus.OPEN, OWN),
                (rs, row) -> new EstateSummary.ReleaseCount(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5)), supplier, supplier, supplier);
        return new EstateSummary(supplier, firmware, releases);
    }

    /** One page of the supplier's hubs in GUID order, after the GUID {@code after} ("" for the first page), filtered. */
    public List<OwnHub> hubs(String supplier, HubFilter filter, String after, int limit) {
        Query query = query(supplier, filter);
        List<Object> args = new ArrayList<>(query.args());
        args.add(after);
        args.add(limit);
        return jdbc.query(query.sql() + " AND h.guid > ? ORDER BY h.guid LIMIT ?", (rs, row) -> hub(rs, supplier), args.toArray());
    }

    /** The columns of {@link #exportCsv}. */
    static final String[] CSV_HEADER = {"guid", "variant", "firmware_version", "csp_region", "your_fuel", "split_supplier",
            "install_date", "vulnerable", "configuration_set", "consenting", "high_risk"};

    /** All the supplier's hubs matching the filter as CSV ({@link #CSV_HEADER}), streamed from the database. */
    public void exportCsv(String supplier, HubFilter filter, SpreadsheetSafeCsv out) {
        Query query = query(supplier, filter);
        jdbc.query(connection -> {
            PreparedStatement ps = connection.prepareStatement(query.sql() + " ORDER BY h.guid");
            for (int i = 0; i < query.args().size(); i++) {
                ps.setObject(i + 1, query.args().get(i));
            }
            ps.setFetchSize(10_000);
            return ps;
        }, rs -> {
            OwnHub hub = hub(rs, supplier);
            out.row(hub.guid(), hub.variant(), hub.firmwareVersion(), hub.cspRegion(), hub.yourFuel(), hub.splitSupplier(),
                    hub.installDate(), hub.vulnerable(), hub.configurationSet(), hub.consenting(), hub.highRisk());
        });
    }

    private Query query(String supplier, HubFilter filter) {
        StringBuilder sql = new StringBuilder("""
                SELECT h.id, h.guid, v.manufacturer, v.model, v.hardware_version, h.firmware_version, h.csp_region,
                       h.electricity_supplier, h.gas_supplier, h.install_date, h.vulnerable, c.code, h.consenting, h.high_risk
                FROM comms_hub h JOIN ch_variant v ON v.id = h.variant_id JOIN configuration_set c ON c.id = h.configuration_set_id
                WHERE """).append(OWN);
        List<Object> args = new ArrayList<>(List.of(supplier, supplier));
        if (filter.variantId() != null) {
            sql.append(" AND h.variant_id = ?");
            args.add(filter.variantId());
        }
        if (filter.firmwareVersion() != null) {
            sql.append(" AND h.firmware_version = ?");
            args.add(filter.firmwareVersion());
        }
        if (filter.cspRegion() != null) {
            sql.append(" AND h.csp_region = ?");
            args.add(filter.cspRegion());
        }
        if (filter.configurationSet() != null) {
            sql.append(" AND c.code = ?");
            args.add(filter.configurationSet());
        }
        if (filter.vulnerable() != null) {
            sql.append(" AND h.vulnerable = ?");
            args.add(filter.vulnerable());
        }
        return new Query(sql.toString(), args);
    }

    private static OwnHub hub(ResultSet rs, String supplier) throws SQLException {
        String electricity = rs.getString(8);
        String gas = rs.getString(9);
        boolean mineElectric = supplier.equals(electricity);
        boolean mineGas = supplier.equals(gas);
        String fuel = mineElectric && mineGas ? "BOTH" : mineElectric ? "ELECTRICITY" : "GAS";
        boolean split = electricity != null && gas != null && !electricity.equals(gas);
        return new OwnHub(rs.getString(2), variantName(rs, 3), rs.getString(6), rs.getString(7), fuel, split,
                rs.getDate(10).toString(), rs.getBoolean(11), rs.getString(12), rs.getBoolean(13), rs.getBoolean(14));
    }

    private static String variantName(ResultSet rs, int first) throws SQLException {
        return rs.getString(first) + " " + rs.getString(first + 1) + " hw " + rs.getString(first + 2);
    }

    private record Query(String sql, List<Object> args) {
    }
}
