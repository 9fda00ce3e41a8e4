package uk.co.dcc.chfirmware.rollout.approvedguids;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import uk.co.dcc.chfirmware.csv.SpreadsheetSafeCsv;
import uk.co.dcc.chfirmware.estate.ledger.HubReleaseStatus;

/**
 * Every approved GUID of a release for one CSP region, at any time and independent of phases (R15): the hubs the
 * split-supplier join found approved by every responsible supplier, in the order they became eligible, so that a CSP
 * can fetch only what is new since its last fetch.
 *
 * <p>Eligible hubs are of two kinds (issue 13, item 1): a row per hub ({@code eligible_hub}: per-hub decisions, split
 * hubs), each with its own {@code seq}; and the hubs whose only supplier approved its whole estate, which its decision
 * made eligible as one row with one {@code eligible_seq} from the same sequence: those hubs share that number, in hub
 * order, and are listed as long as they are not on the release's firmware. A hub is listed once, by the first that made
 * it eligible.
 */
@Service
class ApprovedGuidService {

    /**
     * The region's eligible hubs with their place in the stream ({@code hub_id}, {@code seq}) after the place bound
     * third; the release and the region are bound first and second, then the release twice, the region and the place.
     */
    private static final String ELIGIBLE = """
            SELECT e.hub_id, e.seq FROM eligible_hub e WHERE e.release_id = ? AND e.csp_region = ? AND e.seq > ?
            UNION ALL
            SELECT d.hub_id, d.seq FROM (""" + HubReleaseStatus.hubsEligibleByDecision("?") + """
            ) d
            WHERE d.csp_region = ? AND d.seq > ? AND d.firmware_version <> d.target_version""";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    ApprovedGuidService(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Where the region's CSP stopped last time: the sequence number of the last GUID it received. */
    public long cursor(long releaseId, String region) {
        return jdbc.queryForList("SELECT last_seq FROM approved_guid_cursor WHERE release_id = ? AND csp_region = ?",
                Long.class, releaseId, region).stream().findFirst().orElse(0L);
    }

    /**
     * One fetch: counts what is new after {@code after}, hands the page to {@code open} (which says it to the caller and
     * opens the CSV), then streams its GUIDs as lines {@code guid,seq}, straight from the database. The count and the
     * lines are read from one snapshot of the database, so they agree whatever changes meanwhile.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Page fetch(long releaseId, String region, long after, Function<Page, SpreadsheetSafeCsv> open) {
        Page page = jdbc.queryForObject("SELECT COUNT(*), COALESCE(MAX(x.seq), ?) FROM (" + ELIGIBLE + ") x",
                (rs, row) -> new Page(after, rs.getLong(2), rs.getLong(1)), after, releaseId, region, after, releaseId, releaseId,
                region, after);
        SpreadsheetSafeCsv out = open.apply(page);
        jdbc.query(connection -> {
            PreparedStatement ps = connection.prepareStatement("SELECT g.guid, x.seq FROM (" + ELIGIBLE
                    + ") x JOIN comms_hub g ON g.id = x.hub_id ORDER BY x.seq, x.hub_id");
            Object[] args = {releaseId, region, after, releaseId, releaseId, region, after};
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.setFetchSize(10_000);
            return ps;
        }, rs -> {
            out.row(rs.getString(1), rs.getLong(2));
        });
        out.flush();
        return page;
    }

    /** Remembers that the region's CSP has received everything up to {@code upTo}. */
    public void advance(long releaseId, String region, long upTo) {
        Timestamp now = Timestamp.from(clock.instant());
        int updated = jdbc.update("""
                UPDATE approved_guid_cursor SET last_seq = ?, fetched_at = ?
                WHERE release_id = ? AND csp_region = ? AND last_seq < ?""", upTo, now, releaseId, region, upTo);
        if (updated == 0 && cursor(releaseId, region) == 0 && upTo > 0) {
            jdbc.update("INSERT INTO approved_guid_cursor (release_id, csp_region, last_seq, fetched_at) VALUES (?, ?, ?, ?)",
                    releaseId, region, upTo, now);
        }
    }

    /** One fetch: the GUIDs with sequence numbers in ({@code after}, {@code upTo}]. */
    public record Page(long after, long upTo, long count) {
    }
}
