package uk.co.dcc.chfirmware.estate.imports;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL: one {@code COPY ... FROM STDIN} (text format) over the driver's CopyManager, fed in 64 KB
 * chunks, so the server parses while this side validates the next lines.
 */
final class PostgresCopyLoad implements StagingLoad {

    private static final int CHUNK = 1 << 16;

    private final Connection connection;
    private final CopyIn copy;
    private final StringBuilder text = new StringBuilder(CHUNK + 1024);

    PostgresCopyLoad(Connection connection) throws SQLException {
        this.connection = connection;
        connection.setAutoCommit(true);
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY estate_import_staging (" + COLUMNS + ") FROM STDIN");
    }

    @Override
    public void add(ImportRow row) throws SQLException {
        text.append(row.lineNo()).append('\t');
        value(row.guid());
        value(row.variantId());
        value(row.firmwareVersion());
        value(row.cspRegion());
        value(row.electricitySupplier());
        value(row.gasSupplier());
        value(row.installDate());
        value(row.vulnerable());
        value(row.configurationSetId());
        for (String device : row.devices()) {
            value(device);
        }
        value(row.consenting());
        value(row.highRisk());
        value(row.hanSignature());
        text.setCharAt(text.length() - 1, '\n');
        if (text.length() >= CHUNK) {
            flush();
        }
    }

    private void value(Object value) {
        if (value == null) {
            text.append("\\N");
        } else {
            String s = value.toString();
            if (plain(s)) {
                text.append(s);
            } else {
                escaped(s);
            }
        }
        text.append('\t');
    }

    /** Whether the value needs no escaping (staged values hold no control character: the validator rejects them). */
    private static boolean plain(String s) {
        return s.indexOf('\\') < 0 && s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0;
    }

    private void escaped(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
    }

    private void flush() throws SQLException {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        text.setLength(0);
    }

    @Override
    public void finish() throws SQLException {
        flush();
        copy.endCopy();
    }

    @Override
    public void close() throws SQLException {
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        } finally {
            connection.close();
        }
    }
}
