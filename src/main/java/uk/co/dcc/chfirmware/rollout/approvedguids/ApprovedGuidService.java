package uk.co.dcc.chfirmware.rollout.approvedguids;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import uk.co.dcc.chfirmware.csv.SpreadsheetSafeCsv;

/**
 * Every approved GUID of a release for one CSP region, at any time and independent of phases (R15):
 * the hubs the split-supplier join found approved by every responsible supplier, in the order they
 * became eligible, so that a CSP can fetch only what is new since its last fetch.
 */
@Service
class ApprovedGuidService {

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

    /** What a fetch after {@code after} returns: how many GUIDs, and the cursor at its end. */
    public Page page(long releaseId, String region, long after) {
        return jdbc.queryForObject("""
                SELECT COUNT(*), COALESCE(MAX(seq), ?) FROM eligible_hub WHERE release_id = ? AND csp_region = ? AND seq > ?""",
                (rs, row) -> new Page(after, rs.getLong(2), rs.getLong(1)), after, releaseId, region, after);
    }

    /** Streams the page's GUIDs as CSV lines {@code guid,seq}, straight from the database. */
    public void stream(long releaseId, String region, Page page, SpreadsheetSafeCsv out) {
        jdbc.query(connection -> {
            PreparedStatement ps = connection.prepareStatement("""
                    SELECT h.guid, e.seq FROM eligible_hub e JOIN comms_hub h ON h.id = e.hub_id
                    WHERE e.release_id = ? AND e.csp_region = ? AND e.seq > ? AND e.seq <= ? ORDER BY e.seq""");
            ps.setLong(1, releaseId);
            ps.setString(2, region);
            ps.setLong(3, page.after());
            ps.setLong(4, page.upTo());
            ps.setFetchSize(10_000);
            return ps;
        }, rs -> {
            out.row(rs.getString(1), rs.getLong(2));
        });
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
