package uk.co.dcc.chfirmware.rules;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.approval.stance.SqlCondition;
import uk.co.dcc.chfirmware.rollout.PublicationRules;

/**
 * The suppliers' NEW_INSTALLS rules (R29) compiled into what every publication of a release draws, pilot and mass rollout
 * alike: each active rule of the release's variant becomes one condition over {@code comms_hub.install_date} with its own
 * day bound as an argument (the rules are few; the hubs are never looped over).
 * <ul>
 *   <li>WAIT: a hub that the rule's supplier supplies (either fuel) within the rule's scope and that was installed in
 *       the last N days does not go now; it goes once it is N days old (a waiting rollout looks again at its recheck).
 *       Like a hold, it holds a split hub for both sides.</li>
 *   <li>FIRST: of the hubs that may go, a publication takes first, in each region, those the rule's supplier alone
 *       supplies within its scope and installed in the last N days; then every other hub by id. Priority moves such hubs
 *       ahead of every supplier's others within the wave's size, so it can push another supplier's hubs into a later
 *       wave, never out of the rollout; hence N is at most 90 days (new installs only), and a split hub is never put
 *       first (its other supplier would see it go early for a reason not its own).</li>
 * </ul>
 */
@Component
class NewInstallRules implements PublicationRules {

    private static final String ACTIVE = """
            SELECT r.action, r.supplier_code, r.csp_region, r.configuration_set_id, r.installed_within_days
            FROM supplier_rule r JOIN firmware_release f ON f.id = ?
            WHERE r.kind = 'NEW_INSTALLS' AND r.ended_at IS NULL AND (r.variant_id IS NULL OR r.variant_id = f.variant_id)
            ORDER BY r.id""";

    private final JdbcTemplate jdbc;

    NewInstallRules(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public SqlCondition mayGoNow(long releaseId, Timestamp now) {
        StringBuilder sql = new StringBuilder();
        List<Object> args = new ArrayList<>();
        for (Rule rule : active(releaseId, RuleAction.WAIT)) {
            sql.append(" AND NOT (").append(SUPPLIERS_HUB);
            args.add(rule.supplier());
            args.add(rule.supplier());
            rule.scope(sql, args, now);
            sql.append(')');
        }
        return new SqlCondition(sql.toString(), args);
    }

    @Override
    public SqlCondition firstOrder(long releaseId, Timestamp now) {
        List<Rule> first = active(releaseId, RuleAction.FIRST);
        if (first.isEmpty()) {
            return null;
        }
        StringBuilder sql = new StringBuilder("CASE WHEN ");
        List<Object> args = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            sql.append(i == 0 ? "" : " OR ").append("(COALESCE(h.electricity_supplier, h.gas_supplier) = ? "
                    + "AND COALESCE(h.gas_supplier, h.electricity_supplier) = ?");
            args.add(first.get(i).supplier());
            args.add(first.get(i).supplier());
            first.get(i).scope(sql, args, now);
            sql.append(')');
        }
        return new SqlCondition(sql.append(" THEN 0 ELSE 1 END").toString(), args);
    }

    private List<Rule> active(long releaseId, RuleAction action) {
        return jdbc.query(ACTIVE, (rs, row) -> new Rule(RuleAction.valueOf(rs.getString(1)), rs.getString(2), rs.getString(3),
                (Long) rs.getObject(4, Long.class), rs.getInt(5)), releaseId).stream()
                .filter(rule -> rule.action() == action).toList();
    }

    private record Rule(RuleAction action, String supplier, String region, Long configurationSetId, int days) {

        /** The rule's scope and its "installed in the last N days" as of {@code now}, appended to the condition. */
        void scope(StringBuilder sql, List<Object> args, Timestamp now) {
            sql.append(" AND h.install_date > ?");
            args.add(Date.valueOf(LocalDate.ofInstant(now.toInstant(), RuleService.GB).minusDays(days)));
            if (region != null) {
                sql.append(" AND h.csp_region = ?");
                args.add(region);
            }
            if (configurationSetId != null) {
                sql.append(" AND h.configuration_set_id = ?");
                args.add(configurationSetId);
            }
        }
    }
}
