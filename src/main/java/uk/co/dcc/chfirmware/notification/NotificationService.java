package uk.co.dcc.chfirmware.notification;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The notifications inbox (R16): events addressed to an actor group, listed for the users of that group
 * and marked read per user. A message is written for its recipient only and never names another supplier.
 */
@Service
public class NotificationService {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public NotificationService(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void notify(String recipientGroup, NotificationKind kind, Long releaseId, String message) {
        jdbc.update("""
                INSERT INTO notification (recipient_group, kind, release_id, message, created_at) VALUES (?, ?, ?, ?, ?)""",
                recipientGroup, kind.name(), releaseId, message, Timestamp.from(clock.instant()));
    }

    /** The newest notifications for any of the user's groups, with whether this user has read them. */
    public List<Notification> inbox(String userId, List<String> groups, boolean unreadOnly, int limit) {
        if (groups.isEmpty()) {
            return List.of();
        }
        String placeholders = String.join(",", groups.stream().map(group -> "?").toList());
        Object[] args = new Object[groups.size() + 2];
        args[0] = userId;
        for (int i = 0; i < groups.size(); i++) {
            args[i + 1] = groups.get(i);
        }
        args[groups.size() + 1] = limit;
        return jdbc.query("""
                SELECT n.id, n.kind, n.release_id, n.message, n.created_at, r.read_at
                FROM notification n LEFT JOIN notification_read r ON r.notification_id = n.id AND r.user_id = ?
                WHERE n.recipient_group IN (%s) %s
                ORDER BY n.id DESC LIMIT ?""".formatted(placeholders, unreadOnly ? "AND r.read_at IS NULL" : ""),
                (rs, row) -> new Notification(rs.getLong(1), rs.getString(2), (Long) rs.getObject(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), rs.getTimestamp(6) != null), args);
    }

    /** Marks a notification read for the user; false when it is not addressed to any of the user's groups. */
    public boolean markRead(long notificationId, String userId, List<String> groups) {
        List<String> recipients = jdbc.queryForList("SELECT recipient_group FROM notification WHERE id = ?", String.class,
                notificationId);
        if (recipients.isEmpty() || !groups.contains(recipients.get(0))) {
            return false;
        }
        jdbc.update("""
                INSERT INTO notification_read (notification_id, user_id, read_at)
                SELECT ?, ?, ? FROM notification WHERE id = ?
                AND NOT EXISTS (SELECT 1 FROM notification_read WHERE notification_id = ? AND user_id = ?)""",
                notificationId, userId, Timestamp.from(clock.instant()), notificationId, notificationId, userId);
        return true;
    }
}
