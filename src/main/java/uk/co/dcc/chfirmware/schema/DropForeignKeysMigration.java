package uk.co.dcc.chfirmware.schema;

import java.util.Map;
import java.util.Set;
import org.flywaydb.core.api.migration.Context;

/**
 * A Flyway migration that drops the foreign keys of some tables to the tables named with each; Spring Boot hands
 * its subclasses (components) to Flyway next to the SQL migrations.
 */
public abstract class DropForeignKeysMigration extends ProductJavaMigration {

    private final Map<String, Set<String>> dropped;

    /** @param dropped each table whose keys go, with the tables those keys reference */
    protected DropForeignKeysMigration(String version, String description, Map<String, Set<String>> dropped) {
        // stable across runs (a Map's order is not), so Flyway's validation of an applied migration holds
        super(version, description, (version + " " + description).hashCode());
        this.dropped = dropped;
    }

    @Override
    public void migrate(Context context) throws Exception {
        for (Map.Entry<String, Set<String>> table : dropped.entrySet()) {
            ForeignKeys.drop(context.getConnection(), table.getKey(), table.getValue());
        }
    }
}
