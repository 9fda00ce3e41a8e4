package uk.co.dcc.chfirmware.notification;

import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * DCC and the CSPs write to customers (R36): to every supplier, or to those with comms hubs of a variant, in a region,
 * or both. Each supplier gets the message as its own notification (and e-mail), and learns neither who else got it nor
 * how many. Who may address whom is the caller's to check ({@code NotificationController}): a CSP only its own region.
 */
@Service
public class CustomerMessages {

    /** A message as its sender wrote it. */
    public record Message(String subject, String text, Long variantId, CspRegion region) {

        void check() {
            if (subject == null || subject.isBlank() || subject.length() > 120) {
                throw new IllegalArgumentException("subject: required, at most 120 characters");
            }
            if (text == null || text.isBlank() || text.length() > 800) {
                throw new IllegalArgumentException("text: required, at most 800 characters");
            }
        }
    }

    private final NotificationService notifications;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public CustomerMessages(NotificationService notifications, JdbcTemplate jdbc, Clock clock) {
        this.notifications = notifications;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Sends the message as the sender (DCC, or a CSP's name) and returns to how many suppliers it went. */
    @Transactional
    public int send(Message message, String senderName, String userId) {
        message.check();
        if (message.variantId() != null && jdbc.queryForObject("SELECT COUNT(*) FROM ch_variant WHERE id = ?", Long.class,
                message.variantId()) == 0) {
            throw new IllegalArgumentException("variantId: no CH variant with id " + message.variantId());
        }
        int recipients = notifications.notifyCustomers(message.variantId(), message.region(), NotificationKind.MESSAGE, null,
                "Message from " + senderName + ": " + message.subject().strip() + "\n" + message.text().strip());
        jdbc.update("""
                INSERT INTO customer_message (sent_by, sender, variant_id, csp_region, subject, body, recipients, sent_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", userId, senderName, message.variantId(),
                message.region() == null ? null : message.region().name(), message.subject().strip(), message.text().strip(),
                recipients, Timestamp.from(clock.instant()));
        return recipients;
    }
}
