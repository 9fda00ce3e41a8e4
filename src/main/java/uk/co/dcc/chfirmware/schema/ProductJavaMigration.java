package uk.co.dcc.chfirmware.schema;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * A Flyway migration written in Java (where SQL alone cannot say it: a statement per database, values computed as the
 * product computes them, a script from a jar), with its version, description and checksum given once. Spring Boot
 * hands the subclasses (components) to Flyway next to the SQL migrations. The checksum must never change once the
 * migration is released: Flyway validates applied migrations against it.
 */
public abstract class ProductJavaMigration implements JavaMigration {

    private final String version;
    private final String description;
    private final int checksum;

    protected ProductJavaMigration(String version, String description, int checksum) {
        this.version = version;
        this.description = description;
        this.checksum = checksum;
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion(version);
    }

    @Override
    public String getDescription() {
        return description;
    }

    @Override
    public Integer getChecksum() {
        return checksum;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }
}
