package uk.co.dcc.chfirmware.estate.imports;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/** H2 (and any database without COPY): JDBC batches of 1,000 rows in one transaction. */
final class JdbcBatchLoad implements StagingLoad {

    private static final int BATCH = 1_000;

    private final Connection connection;
    private final PreparedStatement insert;
    private int pending;

    JdbcBatchLoad(Connection connection) throws SQLException {
        this.connection = connection;
        connection.setAutoCommit(false);
        this.insert = connection.prepareStatement("INSERT INTO estate_import_staging (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    @Override
    public void add(ImportRow row) throws SQLException {
        insert.setLong(1, row.lineNo());
        insert.setString(2, row.guid());
        insert.setObject(3, row.variantId(), Types.BIGINT);
        insert.setString(4, row.firmwareVersion());
        insert.setString(5, row.cspRegion());
        insert.setString(6, row.electricitySupplier());
        insert.setString(7, row.gasSupplier());
        insert.setDate(8, row.installDate() == null ? null : Date.valueOf(row.installDate()));
        insert.setObject(9, row.vulnerable(), Types.BOOLEAN);
        insert.setObject(10, row.configurationSetId(), Types.BIGINT);
        for (int i = 0; i < 8; i++) {
            insert.setString(11 + i, row.devices()[i]);
        }
        insert.setObject(19, row.consenting(), Types.BOOLEAN);
        insert.setObject(20, row.highRisk(), Types.BOOLEAN);
        insert.setString(21, row.hanSignature());
        insert.addBatch();
        if (++pending == BATCH) {
            insert.executeBatch();
            pending = 0;
        }
    }

    @Override
    public void finish() throws SQLException {
        if (pending > 0) {
            insert.executeBatch();
            pending = 0;
        }
        connection.commit();
    }

    @Override
    public void close() throws SQLException {
        try {
            insert.close();
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            connection.setAutoCommit(true);
        } finally {
            connection.close();
        }
    }
}
