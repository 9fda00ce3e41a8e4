package uk.co.dcc.chfirmware.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * The PostgreSQL database a benchmark run works in: created for the run and dropped afterwards. Server, user,
 * password and name come from system properties or environment variables ({@code bench.pg.url} /
 * {@code BENCH_PG_URL}, {@code bench.pg.user} / {@code BENCH_PG_USER}, {@code bench.pg.password} /
 * {@code BENCH_PG_PASSWORD}, {@code bench.db} / {@code BENCH_DB}); {@code bench.keep-db=true} keeps it for a look afterwards.
 */
final class BenchmarkDatabase {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    final String server;
    final String user;
    final String password;
    final String name;
    final boolean keep;

    private BenchmarkDatabase(String server, String user, String password, String name, boolean keep) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bench.db: '" + name + "' is not a plain lower-case database name");
        }
        this.server = server.endsWith("/") ? server : server + "/";
        this.user = user;
        this.password = password;
        this.name = name;
        this.keep = keep;
    }

    static BenchmarkDatabase fromSettings() {
        return new BenchmarkDatabase(setting("bench.pg.url", "jdbc:postgresql://127.0.0.1:5432/"),
                setting("bench.pg.user", "postgres"), setting("bench.pg.password", ""),
                setting("bench.db", "chfw_bench_" + System.currentTimeMillis()),
                Boolean.parseBoolean(setting("bench.keep-db", "false")));
    }

    String url() {
        return server + name;
    }

    void create() {
        admin("CREATE DATABASE " + name);
    }

    void drop() {
        if (!keep) {
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private void admin(String sql) {
        try (Connection connection = DriverManager.getConnection(server + "postgres", user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + server + ": " + e.getMessage(), e);
        }
    }

    /** A system property, else the environment variable of the same name upper-cased with underscores. */
    static String setting(String property, String fallback) {
        String value = System.getProperty(property);
        if (value == null) {
            value = System.getenv(property.toUpperCase().replace('.', '_').replace('-', '_'));
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
