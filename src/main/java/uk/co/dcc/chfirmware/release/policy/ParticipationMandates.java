package uk.co.dcc.chfirmware.release.policy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Whether suppliers' participation in the pilot is mandated, per variant maturity (R24), decided by DCC. A decision is a
 * row of {@code participation_mandate}: each change is appended with who, when and why, and the latest row of a
 * maturity is in force. A release takes the mandate at its policy decision and keeps it. Mandated: a supplier cannot opt
 * out of the pilot (it pilots or approves its whole estate); voluntary: opting out leaves it undecided until its cut-off.
 */
@Service
public class ParticipationMandates {

    /** One decision: for releases of variants of this maturity, participation is mandated or voluntary. */
    public record Mandate(String variantMaturity, boolean mandated, String reason, String decidedBy, Instant decidedAt) {
    }

    private static final String COLUMNS = "variant_maturity, mandated, reason, decided_by, decided_at";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ParticipationMandates(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Whether participation is mandated now for variants of this maturity (voluntary when DCC never said). */
    public boolean mandated(String variantMaturity) {
        return jdbc.queryForList("SELECT mandated FROM participation_mandate WHERE variant_maturity = ? ORDER BY id DESC "
                + "LIMIT 1", Boolean.class, variantMaturity).stream().findFirst().orElse(false);
    }

    /** The decision in force for each maturity. */
    public List<Mandate> current() {
        return jdbc.query("SELECT " + COLUMNS + " FROM participation_mandate m WHERE m.id = (SELECT MAX(x.id) FROM "
                + "participation_mandate x WHERE x.variant_maturity = m.variant_maturity) ORDER BY CASE m.variant_maturity "
                + "WHEN 'NEW' THEN 1 WHEN 'ESTABLISHED' THEN 2 ELSE 3 END", ParticipationMandates::mandate);
    }

    /** Every decision, oldest first. */
    public List<Mandate> history() {
        return jdbc.query("SELECT " + COLUMNS + " FROM participation_mandate ORDER BY id", ParticipationMandates::mandate);
    }

    /** DCC decides for a maturity, with its reason; recorded as a new row, in force for releases decided from now. */
    @Transactional
    public Mandate decide(String variantMaturity, Boolean mandated, String reason, String decidedBy) {
        String maturity = PolicyChange.maturity("variantMaturity", variantMaturity);
        if (mandated == null) {
            throw new IllegalArgumentException("mandated: required, true or false");
        }
        String why = PolicyChange.reason(reason);
        Instant now = clock.instant();
        jdbc.update("INSERT INTO participation_mandate (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)", maturity, mandated, why,
                decidedBy, Timestamp.from(now));
        return new Mandate(maturity, mandated, why, decidedBy, now);
    }

    private static Mandate mandate(ResultSet rs, int row) throws SQLException {
        return new Mandate(rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant());
    }
}
