package uk.co.dcc.chfirmware.estate;

import java.sql.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.estate.configsets.ConfigurationSets;
import uk.co.dcc.chfirmware.estate.ledger.EstateCounts;

/**
 * Appends comms hubs to the estate in JDBC batches, each hub with its HAN set named: the set holds the hub's HAN devices
 * ({@link ConfigurationSets}), so a hub is one row.
 */
@Component
public class EstateWriter {

    private static final String INSERT_HUB = """
            INSERT INTO comms_hub (id, guid, variant_id, firmware_version, csp_region, electricity_supplier,
                                   gas_supplier, install_date, vulnerable, configuration_set_id, han_set_id, consenting,
                                   high_risk)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcTemplate jdbc;
    private final EstateCounts counts;
    private final ConfigurationSets configurationSets;

    public EstateWriter(JdbcTemplate jdbc, EstateCounts counts, ConfigurationSets configurationSets) {
        this.jdbc = jdbc;
        this.counts = counts;
        this.configurationSets = configurationSets;
    }

    /** Writes the hubs (their devices by their HAN sets), and counts them; the caller decides the transaction and the chunk size. */
    public void append(List<CommsHubRecord> hubs) {
        if (hubs.isEmpty()) {
            return;
        }
        long first = hubs.stream().mapToLong(CommsHubRecord::id).min().getAsLong();
        long last = hubs.stream().mapToLong(CommsHubRecord::id).max().getAsLong();
        counts.change(EstateCounts.Scope.estate(), EstateCounts.Hubs.fixed(
                "SELECT h.id FROM comms_hub h WHERE h.id BETWEEN ? AND ?", first, last), () -> {
            write(hubs);
            return hubs.size();
        });
    }

    /** The hub's HAN devices as its configuration set sees them. */
    public static List<ConfigurationSets.Device> devicesOf(CommsHubRecord hub) {
        return hub.devices().stream()
                .map(device -> new ConfigurationSets.Device(device.deviceType(), device.model(), device.firmwareVersion())).toList();
    }

    private void write(List<CommsHubRecord> hubs) {
        Map<String, Long> hanSets = new HashMap<>();
        jdbc.batchUpdate(INSERT_HUB, hubs, hubs.size(), (ps, hub) -> {
            ps.setLong(1, hub.id());
            ps.setString(2, hub.guid());
            ps.setLong(3, hub.variantId());
            ps.setString(4, hub.firmwareVersion());
            ps.setString(5, hub.cspRegion().name());
            ps.setString(6, hub.electricitySupplier());
            ps.setString(7, hub.gasSupplier());
            ps.setDate(8, Date.valueOf(hub.installDate()));
            ps.setBoolean(9, hub.vulnerable());
            ps.setLong(10, hub.configurationSetId());
            List<ConfigurationSets.Device> devices = devicesOf(hub);
            ps.setLong(11, hanSets.computeIfAbsent(ConfigurationSets.signature(devices),
                    signature -> configurationSets.hanSetId(devices)));
            ps.setBoolean(12, hub.consenting());
            ps.setBoolean(13, hub.highRisk());
        });
    }
}
