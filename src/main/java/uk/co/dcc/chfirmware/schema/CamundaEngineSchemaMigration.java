package uk.co.dcc.chfirmware.schema;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.api.migration.Context;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;
import org.springframework.stereotype.Component;

/**
 * Migration 44: the Camunda engine's own tables, created once by Flyway from the scripts in the camunda-engine jar
 * ({@code org/camunda/bpm/engine/db/create/activiti.<database>.create.<part>.sql}, the ones the engine runs itself
 * when {@code camunda.bpm.database.schema-update} is true). Flyway migrates under its own lock (an advisory lock on
 * PostgreSQL), so nodes starting together on an empty database create the schema once; each node's engine then only
 * checks it ({@code schema-update: false}). Two engines creating it together failed on
 * {@code pg_type_typname_nsp_index}: the tables came from the engine until this migration.
 *
 * <p>A database whose engine tables the engine made itself (before this migration) keeps them: the migration sees
 * {@code ACT_GE_PROPERTY} and does nothing. A Camunda upgrade brings its {@code db/upgrade} scripts as a migration of
 * its own (docs/operations.md).
 */
@Component
class CamundaEngineSchemaMigration extends ProductJavaMigration {

    /** In the order the engine creates them (DbSqlSession.dbSchemaCreate): history, CMMN and DMN are on by default. */
    static final List<String> PARTS = List.of("engine", "history", "identity", "case.engine", "case.history",
            "decision.engine", "decision.history");

    CamundaEngineSchemaMigration() {
        super("44", "camunda engine schema", ("44 camunda engine schema " + PARTS).hashCode());
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        if (engineTablesPresent(connection)) {
            return;
        }
        String database = Databases.isPostgres(connection) ? "postgres" : "h2";
        for (String part : PARTS) {
            ScriptUtils.executeSqlScript(connection,
                    new ClassPathResource("org/camunda/bpm/engine/db/create/activiti." + database + ".create." + part + ".sql"));
        }
    }

    private static boolean engineTablesPresent(Connection connection) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        for (String name : List.of("ACT_GE_PROPERTY", "act_ge_property")) {
            try (ResultSet tables = metaData.getTables(connection.getCatalog(), connection.getSchema(), name, null)) {
                if (tables.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
