package uk.co.dcc.chfirmware.schema;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Drops foreign keys found through the JDBC metadata, for migrations on tables whose keys were declared inline
 * without names (their generated names differ between H2 and PostgreSQL).
 */
public final class ForeignKeys {

    private ForeignKeys() {
    }

    /** Drops every foreign key of {@code table} that references one of {@code referenced}; returns how many. */
    public static int drop(Connection connection, String table, Set<String> referenced) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        String name = metadata.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
        Set<String> constraints = new LinkedHashSet<>();
        try (ResultSet keys = metadata.getImportedKeys(null, null, name)) {
            while (keys.next()) {
                if (referenced.contains(keys.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT))) {
                    constraints.add(keys.getString("FK_NAME"));
                }
            }
        }
        try (Statement sql = connection.createStatement()) {
            for (String constraint : constraints) {
                sql.execute("ALTER TABLE " + table + " DROP CONSTRAINT \"" + constraint + "\"");
            }
        }
        return constraints.size();
    }
}
