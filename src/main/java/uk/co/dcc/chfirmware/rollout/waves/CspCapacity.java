package uk.co.dcc.chfirmware.rollout.waves;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.co.dcc.chfirmware.rollout.RolloutProperties;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * The most hubs each CSP is handed in any hour, over every release's pilot and mass-rollout batches (R13). DCC may change
 * it while rollouts run; it is kept in the database ({@code csp_hourly_capacity}), so every node applies the same cap, and
 * without a row of its own a region has {@code chfw.rollout.waves.max-hubs-per-hour-per-csp}. A change wakes every rollout
 * and pilot waiting for hubs it may publish, as a removal of hubs does: one the cap held back goes on at once when the cap
 * is raised, rather than at its next recheck (issue 14).
 */
@Service
public class CspCapacity {

    /** A region's hourly cap, whether DCC set it or it is the default, and DCC's last change. */
    public record Cap(CspRegion cspRegion, long maxHubsPerHour, boolean isDefault, String reason, String changedBy,
                      Instant changedAt) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final RolloutControl control;
    private final long defaultCap;

    CspCapacity(JdbcTemplate jdbc, Clock clock, RolloutControl control, RolloutProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.control = control;
        this.defaultCap = properties.waves().maxHubsPerHourPerCsp();
    }

    /** The region's cap now. */
    long maxHubsPerHour(CspRegion region) {
        return jdbc.queryForList("SELECT max_hubs_per_hour FROM csp_hourly_capacity WHERE csp_region = ?", Long.class,
                region.name()).stream().findFirst().orElse(defaultCap);
    }

    public List<Cap> caps() {
        List<Cap> caps = new ArrayList<>();
        for (CspRegion region : CspRegion.values()) {
            caps.add(jdbc.query("""
                    SELECT max_hubs_per_hour, reason, changed_by, changed_at FROM csp_hourly_capacity WHERE csp_region = ?""",
                    (rs, row) -> new Cap(region, rs.getLong(1), false, rs.getString(2), rs.getString(3),
                            rs.getTimestamp(4).toInstant()), region.name()).stream().findFirst()
                    .orElse(new Cap(region, defaultCap, true, null, null, null)));
        }
        return caps;
    }

    /**
     * DCC sets the region's cap; every rollout and pilot waiting for hubs it may publish looks again at once. Two nodes
     * setting it at the same moment: the insert of one fails on the key and it updates instead.
     */
    @Transactional
    public Cap set(CspRegion region, long maxHubsPerHour, String reason, String actor) {
        if (maxHubsPerHour < 1 || maxHubsPerHour > 100_000_000) {
            throw new IllegalArgumentException("maxHubsPerHour: a number of hubs from 1 to 100,000,000");
        }
        Timestamp now = Timestamp.from(clock.instant());
        Object[] values = {maxHubsPerHour, reason, actor, now, region.name()};
        String update = "UPDATE csp_hourly_capacity SET max_hubs_per_hour = ?, reason = ?, changed_by = ?, changed_at = ? "
                + "WHERE csp_region = ?";
        if (jdbc.update(update, values) == 0) {
            try {
                jdbc.update("INSERT INTO csp_hourly_capacity (max_hubs_per_hour, reason, changed_by, changed_at, csp_region) "
                        + "VALUES (?, ?, ?, ?, ?)", values);
            } catch (DuplicateKeyException e) {
                jdbc.update(update, values);
            }
        }
        control.wakeEveryRollout();
        return caps().stream().filter(cap -> cap.cspRegion() == region).findFirst().orElseThrow();
    }
}
