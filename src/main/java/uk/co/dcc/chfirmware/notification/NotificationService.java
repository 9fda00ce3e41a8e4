package uk.co.dcc.chfirmware.notification;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The notifications inbox (R16): events addressed to an actor group, listed for the users of that group, or to one
 * user, and marked read per user. A message is written for its recipient only and never names another supplier.
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

    /** A notification for one user (the one who started something) or, when nobody is known, for the group. */
    public void notifyUser(String userId, String groupIfNobody, NotificationKind kind, Long releaseId, String message) {
        if (userId == null) {
            notify(groupIfNobody, kind, releaseId, message);
            return;
        }
        jdbc.update("""
                INSERT INTO notification (recipient_user, kind, release_id, message, created_at) VALUES (?, ?, ?, ?, ?)""",
                userId, kind.name(), releaseId, message, Timestamp.from(clock.instant()));
    }

    /** The newest notifications for the user or any of its groups, with whether this user has read them. */
    public List<Notification> inbox(String userId, List<String> groups, boolean unreadOnly, int limit) {
        String placeholders = String.join(",", groups.stream().map(group -> "?").toList());
        Object[] args = new Object[groups.size() + 3];
        args[0] = userId;
        args[1] = userId;
        for (int i = 0; i < groups.size(); i++) {
            args[i + 2] = groups.get(i);
        }
        args[groups.size() + 2] = limit;
        return jdbc.query("""
                SELECT n.id, n.kind, n.release_id, n.message, n.created_at, r.read_at
                FROM notification n LEFT JOIN notification_read r ON r.notification_id = n.id AND r.user_id = ?
                WHERE (n.recipient_user = ? %s) %s
                ORDER BY n.id DESC LIMIT ?""".formatted(groups.isEmpty() ? "" : "OR n.recipient_group IN (" + placeholders + ")",
                        unreadOnly ? "AND r.read_at IS NULL" : ""),
                (rs, row) -> new Notification(rs.getLong(1), rs.getString(2), (Long) rs.getObject(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), rs.getTimestamp(6) != null), args);
    }

    /** Marks a notification read for the user; false when it is addressed neither to the user nor to its groups. */
    public boolean markRead(long notificationId, String userId, List<String> groups) {
        List<Map<String, Object>> recipients = jdbc.queryForList(
                "SELECT recipient_group, recipient_user FROM notification WHERE id = ?", notificationId);
        if (recipients.isEmpty() || !(groups.contains(recipients.get(0).get("recipient_group"))
                || userId.equals(recipients.get(0).get("recipient_user")))) {
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
