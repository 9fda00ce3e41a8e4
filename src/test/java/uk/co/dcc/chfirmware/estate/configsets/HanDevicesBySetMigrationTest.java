package uk.co.dcc.chfirmware.estate.configsets;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import uk.co.dcc.chfirmware.ApplicationTest;

/**
 * Migration 77 (a hub's HAN devices stored once per HAN set) on an estate as it stood at migration 76, in a database of
 * the test's own of the suite's kind (H2, or PostgreSQL on the suite's server): every hub keeps exactly the devices it
 * had, now read through {@code han_device} the view; two kinds of HAN that shared a signature before (model "A B" with
 * firmware "C", model "A" with firmware "B C") are two sets after it; an ordinary hub keeps its set, so its configuration
 * set's key does not change; and each set's devices are what its signature reads back as.
 */
@ApplicationTest
class HanDevicesBySetMigrationTest {

    @Autowired List<JavaMigration> javaMigrations;
    @Value("${spring.datasource.url}") String suiteUrl;
    @Value("${spring.datasource.username:}") String user;
    @Value("${spring.datasource.password:}") String password;

    private String database;
    private String url;
    private JdbcTemplate jdbc;

    @BeforeEach
    void ownDatabase() throws SQLException {
        database = "han_sets_" + UUID.randomUUID().toString().substring(0, 8);
        if (suiteUrl.startsWith("jdbc:postgresql:")) {
            onServer("CREATE DATABASE " + database);
            String server = suiteUrl.split("\\?")[0];
            url = server.substring(0, server.lastIndexOf('/') + 1) + database;
        } else {
            url = "jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1";
        }
        jdbc = new JdbcTemplate(new DriverManagerDataSource(url, user, password));
    }

    @AfterEach
    void removeDatabase() throws SQLException {
        if (suiteUrl.startsWith("jdbc:postgresql:")) {
            onServer("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } else {
            jdbc.execute("SHUTDOWN");
        }
    }

    @Test
    void shouldKeepEveryHubsDevicesAndTellApartWhatOneSignatureConflated() {
        migrate("76");
        long ordinary = hanSet("[ESME Lumen E2 2.4][IHD Beacon 3.1]");
        long conflated = hanSet("[ESME A B C]");
        long none = hanSet("");
        hub(1, ordinary);
        device(1, "ESME", "Lumen E2", "2.4");
        device(1, "IHD", "Beacon", "3.1");
        hub(2, conflated);
        device(2, "ESME", "A B", "C");
        hub(3, conflated);
        device(3, "ESME", "A", "B C");
        hub(4, none);
        hub(5, null); // written behind the product's back, without its set named
        device(5, "GSME", "Q]", "1 [0]");
        hub(6, ordinary);
        device(6, "ESME", "Lumen E2", "2.4");
        device(6, "IHD", "Beacon", "3.1");
        Map<Long, List<String>> before = devicesByHub();

        migrate("77");

        assertThat(devicesByHub()).isEqualTo(before);
        assertThat(setOf(1)).as("an ordinary hub keeps its set, and its key").isEqualTo(ordinary).isEqualTo(setOf(6));
        assertThat(setOf(4)).isEqualTo(none);
        assertThat(setOf(2)).as("model 'A B', firmware 'C': the signature it had").isEqualTo(conflated);
        assertThat(setOf(3)).as("model 'A', firmware 'B C': a set of its own").isNotEqualTo(conflated);
        assertThat(signatureOf(3)).isEqualTo("[ESME A B\\ C]");
        assertThat(setOf(5)).isNotNull();
        for (long hub = 1; hub <= 6; hub++) {
            assertThat(ConfigurationSets.devices(signatureOf(hub)).stream()
                    .map(d -> d.type() + "|" + d.model() + "|" + d.firmwareVersion()).toList())
                    .as("hub %d's set reads back as its devices", hub).isEqualTo(before.getOrDefault(hub, List.of()));
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM han_set_device", Long.class))
                .as("each kind of HAN's devices once, not each hub's").isEqualTo(2 + 1 + 1 + 1);
    }

    private void migrate(String target) {
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration")
                .javaMigrations(javaMigrations.toArray(JavaMigration[]::new)).target(target).load().migrate();
    }

    private long hanSet(String signature) {
        jdbc.update("INSERT INTO han_set (signature) VALUES (?)", signature);
        return jdbc.queryForObject("SELECT id FROM han_set WHERE signature = ?", Long.class, signature);
    }

    private void hub(long id, Long hanSet) {
        jdbc.update("""
                INSERT INTO comms_hub (id, guid, variant_id, firmware_version, csp_region, electricity_supplier, gas_supplier,
                                       install_date, vulnerable, configuration_set_id, han_set_id)
                VALUES (?, ?, 1, '1.0', 'NORTH', 'aurora', NULL, DATE '2024-01-01', FALSE, 1, ?)""",
                id, "00-1B-77-00-00-00-00-0" + id, hanSet);
    }

    private void device(long hub, String type, String model, String firmware) {
        jdbc.update("INSERT INTO han_device (hub_id, device_type, model, firmware_version) VALUES (?, ?, ?, ?)", hub, type,
                model, firmware);
    }

    private Map<Long, List<String>> devicesByHub() {
        Map<Long, List<String>> devices = new java.util.TreeMap<>();
        jdbc.query("SELECT hub_id, device_type, model, firmware_version FROM han_device ORDER BY hub_id, device_type", rs -> {
            devices.computeIfAbsent(rs.getLong(1), hub -> new java.util.ArrayList<>())
                    .add(rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
        });
        return devices;
    }

    private Long setOf(long hub) {
        return jdbc.queryForObject("SELECT han_set_id FROM comms_hub WHERE id = ?", Long.class, hub);
    }

    private String signatureOf(long hub) {
        return jdbc.queryForObject("SELECT n.signature FROM comms_hub h JOIN han_set n ON n.id = h.han_set_id WHERE h.id = ?",
                String.class, hub);
    }

    private void onServer(String sql) throws SQLException {
        try (Connection server = DriverManager.getConnection(suiteUrl, user, password);
             Statement statement = server.createStatement()) {
            statement.execute(sql);
        }
    }
}
