package uk.co.dcc.chfirmware.approval;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** Customers' test feedback on a release (R4), kept per supplier and summarised for DCC. */
@Service
public class CustomerFeedbackService {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public CustomerFeedbackService(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(long releaseId, String supplierCode, String outcome, String comments, String submittedBy) {
        if (!"POSITIVE".equals(outcome) && !"NEGATIVE".equals(outcome)) {
            throw new IllegalArgumentException("feedbackOutcome: must be POSITIVE or NEGATIVE, was " + outcome);
        }
        if (comments == null || comments.isBlank()) {
            throw new IllegalArgumentException("feedbackComments: say what was tested and found");
        }
        jdbc.update("""
                INSERT INTO release_feedback (release_id, supplier_code, outcome, comments, submitted_by, submitted_at)
                VALUES (?, ?, ?, ?, ?, ?)""", releaseId, supplierCode, outcome, comments, submittedBy,
                Timestamp.from(clock.instant()));
    }

    public FeedbackSummary summary(long releaseId, int suppliersAsked) {
        Map<String, Long> counts = jdbc.queryForList(
                        "SELECT outcome, COUNT(*) AS n FROM release_feedback WHERE release_id = ? GROUP BY outcome", releaseId)
                .stream().collect(Collectors.toMap(row -> (String) row.get("outcome"), row -> ((Number) row.get("n")).longValue()));
        long positive = counts.getOrDefault("POSITIVE", 0L);
        long negative = counts.getOrDefault("NEGATIVE", 0L);
        return new FeedbackSummary(positive, negative, Math.max(0, suppliersAsked - positive - negative));
    }

    /** The feedback received, one line per supplier, for DCC's assessment form only. */
    public String digest(long releaseId) {
        List<String> lines = jdbc.query("""
                SELECT s.name, f.outcome, f.comments FROM release_feedback f JOIN supplier s ON s.code = f.supplier_code
                WHERE f.release_id = ? ORDER BY s.name""",
                (rs, row) -> rs.getString(1) + ": " + rs.getString(2) + ": " + rs.getString(3), releaseId);
        return lines.isEmpty() ? "No feedback was received." : String.join("\n", lines);
    }

    /** Counts of the feedback on a release. */
    public record FeedbackSummary(long positive, long negative, long missing) {
    }
}
