package uk.co.dcc.chfirmware.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * Which database the product runs on, for the few places that take a PostgreSQL-only path (COPY, UNLOGGED
 * tables, table locks, ANALYZE) beside the portable one that H2 runs.
 */
public final class Databases {

    private Databases() {
    }

    public static boolean isPostgres(Connection connection) throws SQLException {
        return isPostgres(connection.getMetaData().getDatabaseProductName());
    }

    public static boolean isPostgres(DataSource dataSource) {
        try {
            return isPostgres(JdbcUtils.<String>extractDatabaseMetaData(dataSource, metaData -> metaData.getDatabaseProductName()));
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("cannot tell which database " + dataSource + " is", e);
        }
    }

    private static boolean isPostgres(String productName) {
        return productName.toLowerCase(Locale.ROOT).contains("postgres");
    }
}
