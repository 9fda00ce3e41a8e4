package uk.co.dcc.chfirmware.release.policy;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * The maturity of each CH variant (NEW, ESTABLISHED, MATURE), which feeds the rollout policy (R24,
 * processes/RolloutPolicy.dmn), administered by DCC. {@code ch_variant.maturity} is the current value; every change is
 * a row of {@code variant_maturity_change} with who, when, why and from what. A release takes the maturity at its policy
 * decision ({@code DecideRolloutPolicyDelegate}) and keeps it: a later change concerns later releases only.
 */
@Service
public class VariantMaturities {

    /** One change of a variant's maturity. */
    public record Change(String fromMaturity, String toMaturity, String reason, String changedBy, Instant changedAt) {
    }

    /** A variant with its maturity now and every change of it, oldest first. */
    public record Variant(long id, String name, String maturity, List<Change> history) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public VariantMaturities(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The maturity of the release's variant now: what its policy decision uses. */
    public String ofReleaseVariant(long releaseId) {
        return jdbc.queryForObject("SELECT v.maturity FROM firmware_release r JOIN ch_variant v ON v.id = r.variant_id "
                + "WHERE r.id = ?", String.class, releaseId);
    }

    /** Every variant with its maturity and its history (a handful of variants, a few changes each). */
    public List<Variant> list() {
        Map<Long, List<Change>> history = new LinkedHashMap<>();
        jdbc.query("""
                SELECT variant_id, from_maturity, to_maturity, reason, changed_by, changed_at FROM variant_maturity_change
                ORDER BY variant_id, id""", rs -> {
            history.computeIfAbsent(rs.getLong(1), id -> new java.util.ArrayList<>()).add(new Change(rs.getString(2),
                    rs.getString(3), rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant()));
        });
        return jdbc.query("SELECT id, manufacturer, model, hardware_version, maturity FROM ch_variant ORDER BY id",
                (rs, row) -> new Variant(rs.getLong(1), rs.getString(2) + " " + rs.getString(3) + " hw " + rs.getString(4),
                        rs.getString(5), history.getOrDefault(rs.getLong(1), List.of())));
    }

    /** DCC sets a variant's maturity, with its reason; the change is recorded. The same maturity again is refused. */
    @Transactional
    public Variant change(long variantId, String maturity, String reason, String changedBy) {
        String to = PolicyChange.maturity("maturity", maturity);
        String why = PolicyChange.reason(reason);
        String from = jdbc.queryForList("SELECT maturity FROM ch_variant WHERE id = ? FOR UPDATE", String.class, variantId)
                .stream().findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No CH variant " + variantId));
        if (from.equals(to)) {
            throw new IllegalArgumentException("maturity: variant " + variantId + " is already " + to);
        }
        jdbc.update("UPDATE ch_variant SET maturity = ? WHERE id = ?", to, variantId);
        jdbc.update("""
                INSERT INTO variant_maturity_change (variant_id, from_maturity, to_maturity, reason, changed_by, changed_at)
                VALUES (?, ?, ?, ?, ?, ?)""", variantId, from, to, why, changedBy, Timestamp.from(clock.instant()));
        return list().stream().filter(variant -> variant.id() == variantId).findFirst().orElseThrow();
    }
}
