package uk.co.dcc.chfirmware.notification;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import uk.co.dcc.chfirmware.security.Actors;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * The notifications inbox (R16, R36): events addressed to an actor group, listed for the users of that group, or to one
 * user, and marked read per user. A message is written for its recipient only and never names another supplier.
 * Writing a notification only inserts its row, in the caller's transaction; the e-mails go out later, from the outbox
 * ({@link NotificationOutbox}), once that transaction has committed.
 */
@Service
public class NotificationService {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Audience audience;

    public NotificationService(JdbcTemplate jdbc, Clock clock, Audience audience) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audience = audience;
    }

    public void notify(String recipientGroup, NotificationKind kind, Long releaseId, String message) {
        notify(recipientGroup, kind, releaseId, message, releaseId == null ? Links.inbox() : Links.release(releaseId));
    }

    public void notify(String recipientGroup, NotificationKind kind, Long releaseId, String message, String link) {
        jdbc.update("""
                INSERT INTO notification (recipient_group, kind, release_id, message, link, created_at) VALUES (?, ?, ?, ?, ?, ?)""",
                recipientGroup, kind.name(), releaseId, truncate(message), link, Timestamp.from(clock.instant()));
    }

    /** A notification for one user (the one who started something) or, when nobody is known, for the group. */
    public void notifyUser(String userId, String groupIfNobody, NotificationKind kind, Long releaseId, String message) {
        if (userId == null) {
            notify(groupIfNobody, kind, releaseId, message);
            return;
        }
        jdbc.update("""
                INSERT INTO notification (recipient_user, kind, release_id, message, link, created_at) VALUES (?, ?, ?, ?, ?, ?)""",
                userId, kind.name(), releaseId, truncate(message), releaseId == null ? Links.inbox() : Links.release(releaseId),
                Timestamp.from(clock.instant()));
    }

    /**
     * The same notification to each supplier with comms hubs of the variant (any, if null) in the region (any, if
     * null), each as its own row: a supplier sees neither who else was told nor how many. Returns how many suppliers.
     */
    public int notifyCustomers(Long variantId, CspRegion region, NotificationKind kind, Long releaseId, String message) {
        Set<String> suppliers = audience.suppliersWithHubs(variantId, region);
        suppliers.stream().sorted().forEach(code -> notify(Actors.supplierGroup(code), kind, releaseId, message));
        return suppliers.size();
    }

    /** The same notification to the CSP of each network with comms hubs of the variant. */
    public void notifyCsps(long variantId, NotificationKind kind, Long releaseId, String message) {
        audience.regionsWithHubs(variantId).stream().sorted()
                .forEach(region -> notify(region.cspGroup(), kind, releaseId, message));
    }

    /** The newest notifications for the user or any of its groups, with whether this user has read them. */
    public List<Notification> inbox(String userId, List<String> groups, boolean unreadOnly, int limit) {
        Object[] args = new Object[groups.size() + 3];
        args[0] = userId;
        args[1] = userId;
        for (int i = 0; i < groups.size(); i++) {
            args[i + 2] = groups.get(i);
        }
        args[groups.size() + 2] = limit;
        return jdbc.query("""
                SELECT n.id, n.kind, n.release_id, n.message, n.link, n.created_at, r.read_at
                FROM notification n LEFT JOIN notification_read r ON r.notification_id = n.id AND r.user_id = ?
                WHERE %s %s
                ORDER BY n.id DESC LIMIT ?""".formatted(addressedTo(groups), unreadOnly ? "AND r.read_at IS NULL" : ""),
                (rs, row) -> new Notification(rs.getLong(1), rs.getString(2), (Long) rs.getObject(3), rs.getString(4),
                        rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getTimestamp(7) != null), args);
    }

    /** How many notifications for the user or its groups this user has not read. */
    public long unreadCount(String userId, List<String> groups) {
        Object[] args = new Object[groups.size() + 2];
        args[0] = userId;
        args[1] = userId;
        for (int i = 0; i < groups.size(); i++) {
            args[i + 2] = groups.get(i);
        }
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM notification n
                WHERE NOT EXISTS (SELECT 1 FROM notification_read r WHERE r.notification_id = n.id AND r.user_id = ?)
                AND %s""".formatted(addressedTo(groups)), Long.class, args);
    }

    private static String addressedTo(List<String> groups) {
        return groups.isEmpty() ? "n.recipient_user = ?"
                : "(n.recipient_user = ? OR n.recipient_group IN (" + String.join(",", groups.stream().map(g -> "?").toList()) + "))";
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

    private static String truncate(String message) {
        return message.length() <= 1000 ? message : message.substring(0, 999) + "…";
    }
}
