package uk.co.dcc.chfirmware.rollout.batches;

import java.sql.Statement;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.schema.Databases;
import uk.co.dcc.chfirmware.schema.ProductJavaMigration;

/**
 * Migration 75: a batch's hubs as bits, not rows (issue 13, item 2; docs/benchmarks.md, "Design for item 2"). A
 * publication used to write a {@code batch_hub} row per hub (a million rows with two indexes for a whole-estate wave:
 * half of the publication); now it writes a {@code batch_member} row per batch and 64-id word of the estate
 * ({@code word = hub_id / 64}), whose {@code bits} say which of the word's hubs the batch holds (about 42,000 rows for a
 * million hubs). {@code batch_hub} keeps the per-hub state of an attempt (outcome, attempt number, supersession, retry
 * request) and gets a row only when there is something per hub to say; a member without one is an attempt with no
 * outcome yet, number 1, neither superseded nor asked to retry. Every row of {@code batch_hub} is of a member.
 *
 * <p>The bits are read and written with the functions H2 has ({@code BITGET}, {@code LSHIFT}, {@code BITAND},
 * {@code BITNOT}, {@code BITCOUNT}, the aggregate {@code BIT_OR_AGG}); on PostgreSQL this migration defines them as SQL
 * functions over its operators (inlined by the planner) so that one statement serves both databases. The index on
 * {@code (word, batch_id, bits)} answers "which batches hold hub h" from the index alone. The existing rows become words.
 * The view {@code batch_hub_member} shows a row per hub per batch, as {@code batch_hub} did, for reading by hand.
 */
@Component
class BatchMembershipMigration extends ProductJavaMigration {

    BatchMembershipMigration() {
        super("75", "batch membership as bits", 75);
    }

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement sql = context.getConnection().createStatement()) {
            if (Databases.isPostgres(context.getConnection())) {
                sql.execute("""
                        CREATE FUNCTION bitget(bits BIGINT, n INTEGER) RETURNS BOOLEAN
                        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT ($1 >> $2) & 1 = 1'""");
                sql.execute("""
                        CREATE FUNCTION lshift(bits BIGINT, n INTEGER) RETURNS BIGINT
                        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT $1 << $2'""");
                sql.execute("""
                        CREATE FUNCTION bitand(a BIGINT, b BIGINT) RETURNS BIGINT
                        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT $1 & $2'""");
                sql.execute("""
                        CREATE FUNCTION bitnot(a BIGINT) RETURNS BIGINT
                        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT ~$1'""");
                sql.execute("""
                        CREATE FUNCTION bitcount(a BIGINT) RETURNS BIGINT
                        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT bit_count(CAST($1 AS BIT(64)))'""");
                sql.execute("""
                        CREATE AGGREGATE bit_or_agg(BIGINT) (SFUNC = int8or, STYPE = BIGINT, COMBINEFUNC = int8or,
                                                             PARALLEL = SAFE)""");
            }
            sql.execute("""
                    CREATE TABLE batch_member (
                        batch_id BIGINT NOT NULL,
                        word     BIGINT NOT NULL,
                        bits     BIGINT NOT NULL,
                        CONSTRAINT pk_batch_member PRIMARY KEY (batch_id, word)
                    )""");
            sql.execute("CREATE INDEX ix_batch_member_word ON batch_member (word, batch_id, bits)");
            // the 64 positions of a word, to join a word to its hubs by equality (BatchMembers.hubsOf)
            sql.execute("CREATE TABLE word_bit (n INTEGER NOT NULL PRIMARY KEY)");
            StringBuilder positions = new StringBuilder("INSERT INTO word_bit (n) VALUES (0)");
            for (int n = 1; n < 64; n++) {
                positions.append(", (").append(n).append(')');
            }
            sql.execute(positions.toString());
            sql.execute("""
                    INSERT INTO batch_member (batch_id, word, bits)
                    SELECT batch_id, hub_id / 64, BIT_OR_AGG(LSHIFT(CAST(1 AS BIGINT), CAST(MOD(hub_id, 64) AS INTEGER)))
                    FROM batch_hub GROUP BY batch_id, hub_id / 64""");
            // For people (and tests) reading by hand: one row per hub per batch, as batch_hub was. The product's own
            // statements never read it: they name their shape (BatchMembers), so that both databases plan them by index.
            sql.execute("""
                    CREATE VIEW batch_hub_member AS
                    SELECT m.batch_id, h.id AS hub_id, s.outcome, s.firmware_version, s.reported_at, s.error_code, s.recorded_at,
                           COALESCE(s.attempt, 1) AS attempt, COALESCE(s.superseded, FALSE) AS superseded, s.retry_requested_at
                    FROM batch_member m JOIN word_bit n ON BITGET(m.bits, n.n) JOIN comms_hub h ON h.id = m.word * 64 + n.n
                    LEFT JOIN batch_hub s ON s.batch_id = m.batch_id AND s.hub_id = h.id""");
        }
    }
}
