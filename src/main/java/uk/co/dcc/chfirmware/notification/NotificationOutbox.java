package uk.co.dcc.chfirmware.notification;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The e-mail outbox (R16, R36). Nothing here runs in the transaction that wrote a notification: {@link #dispatch()}
 * turns committed notifications into one delivery per recipient user (a group's members in the Camunda identity),
 * {@link #sendImmediate()} sends each delivery of a user who wants every notification as it happens, and
 * {@link #sendDigests()} one e-mail per user who wants a daily digest. Several nodes may run these at once: a node takes
 * a notification or a delivery only by an UPDATE whose WHERE says it is still untaken, so each is dispatched and sent
 * once; a claim left by a node that died is taken over after {@code chfw.notifications.claim-for}.
 */
@Service
public class NotificationOutbox {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationOutbox.class);
    private static final int BATCH = 200;
    private static final int MAX_ATTEMPTS = 10;
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm z", Locale.UK)
            .withZone(ZoneId.of("Europe/London"));

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final IdentityService identity;
    private final ObjectProvider<JavaMailSender> mail;
    private final NotificationProperties properties;
    private final Clock clock;

    public NotificationOutbox(JdbcTemplate jdbc, TransactionTemplate transactions, IdentityService identity,
                              ObjectProvider<JavaMailSender> mail, NotificationProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.identity = identity;
        this.mail = mail;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Turns up to a batch of notifications not yet dispatched into deliveries, one per recipient user; returns how many
     * notifications this call dispatched.
     */
    public int dispatch() {
        int dispatched = 0;
        for (Long id : jdbc.queryForList(
                "SELECT id FROM notification WHERE dispatched_at IS NULL ORDER BY id LIMIT " + BATCH, Long.class)) {
            if (Boolean.TRUE.equals(transactions.execute(status -> dispatch(id)))) {
                dispatched++;
            }
        }
        return dispatched;
    }

    private boolean dispatch(long notificationId) {
        Timestamp now = Timestamp.from(clock.instant());
        if (jdbc.update("UPDATE notification SET dispatched_at = ? WHERE id = ? AND dispatched_at IS NULL", now, notificationId) == 0) {
            return false; // another node took it
        }
        Map<String, Object> recipient = jdbc.queryForMap(
                "SELECT recipient_group, recipient_user FROM notification WHERE id = ?", notificationId);
        List<String> users = recipient.get("recipient_user") != null ? List.of((String) recipient.get("recipient_user"))
                : identity.createUserQuery().memberOfGroup((String) recipient.get("recipient_group")).list().stream()
                        .map(User::getId).sorted().toList();
        for (String user : users) {
            jdbc.update("INSERT INTO notification_delivery (notification_id, user_id, created_at) VALUES (?, ?, ?)",
                    notificationId, user, now);
        }
        return true;
    }

    /**
     * Sends the deliveries of users who want each notification as it happens (up to a batch); returns how many
     * deliveries it settled: sent, or set aside for a user who chose none or has no address.
     */
    public int sendImmediate() {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            return 0;
        }
        String token = claim("""
                COALESCE((SELECT p.email_mode FROM notification_preference p WHERE p.user_id = d.user_id), 'IMMEDIATE')
                IN ('IMMEDIATE', 'OFF')""");
        int settled = 0;
        for (Map<String, Object> row : jdbc.queryForList("""
                SELECT d.id, d.user_id, n.message, n.link, n.created_at,
                       COALESCE((SELECT p.email_mode FROM notification_preference p WHERE p.user_id = d.user_id), 'IMMEDIATE') AS mode
                FROM notification_delivery d JOIN notification n ON n.id = d.notification_id
                WHERE d.claim_token = ? AND d.sent_at IS NULL ORDER BY d.id""", token)) {
            long id = ((Number) row.get("id")).longValue();
            String address = "OFF".equals(row.get("mode")) ? null : addressOf((String) row.get("user_id"));
            if ("OFF".equals(row.get("mode"))) {
                done(List.of(id), token, "OFF");
                settled++;
            } else if (address == null) {
                done(List.of(id), token, "NO_ADDRESS");
                settled++;
            } else if (send(sender, address, subject((String) row.get("message")), text(List.of(row)))) {
                done(List.of(id), token, "SENT");
                settled++;
            }
        }
        return settled;
    }

    /**
     * Sends each user who wants a daily digest one e-mail with its notifications not yet sent (up to a batch of
     * deliveries); returns how many users' deliveries it settled.
     */
    public int sendDigests() {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            return 0;
        }
        String token = claim("""
                (SELECT p.email_mode FROM notification_preference p WHERE p.user_id = d.user_id) = 'DAILY_DIGEST'""");
        Map<String, List<Map<String, Object>>> byUser = new LinkedHashMap<>();
        jdbc.queryForList("""
                SELECT d.id, d.user_id, n.message, n.link, n.created_at
                FROM notification_delivery d JOIN notification n ON n.id = d.notification_id
                WHERE d.claim_token = ? AND d.sent_at IS NULL ORDER BY d.user_id, d.id""", token)
                .forEach(row -> byUser.computeIfAbsent((String) row.get("user_id"), user -> new ArrayList<>()).add(row));
        int sent = 0;
        for (Map.Entry<String, List<Map<String, Object>>> user : byUser.entrySet()) {
            List<Long> ids = user.getValue().stream().map(row -> ((Number) row.get("id")).longValue()).toList();
            String address = addressOf(user.getKey());
            if (address == null) {
                done(ids, token, "NO_ADDRESS");
                sent++;
            } else if (send(sender, address, "[CH firmware] Your daily digest: %d notification%s".formatted(ids.size(),
                    ids.size() == 1 ? "" : "s"), text(user.getValue()))) {
                done(ids, token, "DIGEST");
                sent++;
            }
        }
        return sent;
    }

    /**
     * Claims up to a batch of unsent deliveries matching the condition (on {@code d}) for this call: the UPDATE repeats
     * the "still unclaimed" test in its own WHERE, so of two nodes claiming at once each row goes to one.
     */
    private String claim(String condition) {
        String token = UUID.randomUUID().toString();
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> jdbc.update("""
                UPDATE notification_delivery SET claim_token = ?, claimed_until = ?, attempts = attempts + 1
                WHERE id IN (SELECT d.id FROM notification_delivery d
                             WHERE d.sent_at IS NULL AND (d.claimed_until IS NULL OR d.claimed_until < ?)
                             AND d.attempts < ? AND %s ORDER BY d.id LIMIT %d)
                AND sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < ?)""".formatted(condition, BATCH),
                token, Timestamp.from(now.plus(properties.claimFor())), Timestamp.from(now), MAX_ATTEMPTS, Timestamp.from(now)));
        return token;
    }

    private void done(List<Long> ids, String token, String outcome) {
        for (Long id : ids) {
            jdbc.update("UPDATE notification_delivery SET sent_at = ?, outcome = ? WHERE id = ? AND claim_token = ?",
                    Timestamp.from(clock.instant()), outcome, id, token);
        }
    }

    private String addressOf(String userId) {
        User user = identity.createUserQuery().userId(userId).singleResult();
        return user == null || user.getEmail() == null || user.getEmail().isBlank() ? null : user.getEmail();
    }

    private boolean send(JavaMailSender sender, String to, String subject, String text) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.from());
        message.setTo(to);
        message.setSubject(subject);
        message.setText(text);
        try {
            sender.send(message);
            return true;
        } catch (MailException e) {
            // the claim runs out and the delivery is tried again, up to MAX_ATTEMPTS times
            LOG.warn("Could not send a notification e-mail: {}", e.getMessage());
            return false;
        }
    }

    private static String subject(String message) {
        String firstLine = message.lines().findFirst().orElse("");
        return "[CH firmware] " + (firstLine.length() <= 100 ? firstLine : firstLine.substring(0, 99) + "…");
    }

    private String text(List<Map<String, Object>> rows) {
        StringBuilder text = new StringBuilder();
        for (Map<String, Object> row : rows) {
            text.append(SHOWN.format(((Timestamp) row.get("created_at")).toInstant())).append('\n')
                    .append(row.get("message")).append('\n');
            if (row.get("link") != null) {
                text.append(properties.baseUrl()).append(row.get("link")).append('\n');
            }
            text.append('\n');
        }
        return text.append("Your notifications and e-mail settings: ").append(properties.baseUrl()).append(Links.inbox())
                .append('\n').toString();
    }
}
