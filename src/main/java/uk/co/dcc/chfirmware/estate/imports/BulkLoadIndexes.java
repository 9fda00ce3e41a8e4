package uk.co.dcc.chfirmware.estate.imports;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * PostgreSQL only: the secondary indexes of the estate tables set aside around a large load (docs/estate-import.md, "Large
 * loads"). Inserting a million hubs into a table with the unique GUID index (fed random GUIDs) and three secondary indexes
 * costs several times what inserting them into the bare table and then building each index once, by a sort, costs. The
 * primary keys stay (ids are allocated in ascending order, so they are appended to), and so does any index another table's
 * foreign key depends on.
 *
 * <p>The product uses it only inside the import's transaction, after {@code comms_hub} is locked
 * ACCESS EXCLUSIVE: no other session reads it until the transaction ends, and then it finds the indexes rebuilt
 * (or, if the transaction rolled back, never dropped). DDL is transactional, so no session ever sees the table without
 * them. The benchmark suite's estate fixture uses it too, around its COPY into the emptied table, with nothing else
 * running.
 */
public final class BulkLoadIndexes {

    private static final Logger LOG = LoggerFactory.getLogger(BulkLoadIndexes.class);

    /** Every index of the table but its primary key and those a foreign key relies on, with its constraint if it has one. */
    private static final String SET_ASIDE = """
            SELECT quote_ident(ns.nspname) || '.' || quote_ident(ix.relname), pg_get_indexdef(i.indexrelid),
                   c.conname, pg_get_constraintdef(c.oid)
            FROM pg_index i
            JOIN pg_class ix ON ix.oid = i.indexrelid
            JOIN pg_namespace ns ON ns.oid = ix.relnamespace
            LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('u', 'x')
            WHERE i.indrelid = CAST(? AS regclass) AND NOT i.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = i.indexrelid)
            ORDER BY ix.relname""";

    private final JdbcTemplate jdbc;
    private final String table;
    private final List<Index> dropped = new ArrayList<>();

    private record Index(String name, String definition, String constraint, String constraintDefinition) {
    }

    private BulkLoadIndexes(JdbcTemplate jdbc, String table) {
        this.jdbc = jdbc;
        this.table = table;
    }

    /** Drops the table's secondary indexes (in the caller's transaction, the table locked ACCESS EXCLUSIVE by it). */
    public static BulkLoadIndexes drop(JdbcTemplate jdbc, String table) {
        BulkLoadIndexes indexes = new BulkLoadIndexes(jdbc, table);
        indexes.dropped.addAll(jdbc.query(SET_ASIDE, (rs, row) -> new Index(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4)), table));
        for (Index index : indexes.dropped) {
            jdbc.execute(index.constraint() != null
                    ? "ALTER TABLE " + table + " DROP CONSTRAINT " + quoted(jdbc, index.constraint())
                    : "DROP INDEX " + index.name());
        }
        return indexes;
    }

    /** The names of the indexes set aside, for the log. */
    List<String> names() {
        return dropped.stream().map(Index::name).toList();
    }

    /** Builds every index set aside again, exactly as it was defined (a unique constraint checks its rows as it is built). */
    public void rebuild() {
        for (Index index : dropped) {
            long started = System.nanoTime();
            jdbc.execute(index.constraint() != null
                    ? "ALTER TABLE " + table + " ADD CONSTRAINT " + quoted(jdbc, index.constraint()) + " " + index.constraintDefinition()
                    : index.definition());
            LOG.info("Index {} built afresh in {} ms", index.name(), (System.nanoTime() - started) / 1_000_000);
        }
    }

    private static String quoted(JdbcTemplate jdbc, String identifier) {
        return jdbc.queryForObject("SELECT quote_ident(?)", String.class, identifier);
    }
}
