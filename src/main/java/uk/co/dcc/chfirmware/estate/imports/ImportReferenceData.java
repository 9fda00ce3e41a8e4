package uk.co.dcc.chfirmware.estate.imports;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/** The reference data a file may name (suppliers, CH variants, configuration sets), read once per job: a few rows. */
record ImportReferenceData(Set<String> suppliers, Map<String, Map<String, Map<String, Long>>> variants,
                           Map<String, Long> configurationSets) {

    static ImportReferenceData load(JdbcTemplate jdbc) {
        Set<String> suppliers = new HashSet<>(jdbc.queryForList("SELECT code FROM supplier", String.class));
        Map<String, Map<String, Map<String, Long>>> variants = new HashMap<>();
        jdbc.query("SELECT id, manufacturer, model, hardware_version FROM ch_variant", rs -> {
            variants.computeIfAbsent(rs.getString(2), m -> new HashMap<>()).computeIfAbsent(rs.getString(3), m -> new HashMap<>())
                    .put(rs.getString(4), rs.getLong(1));
        });
        Map<String, Long> configurationSets = new HashMap<>();
        jdbc.query("SELECT code, id FROM configuration_set", rs -> {
            configurationSets.put(rs.getString(1), rs.getLong(2));
        });
        return new ImportReferenceData(suppliers, variants, configurationSets);
    }
}
