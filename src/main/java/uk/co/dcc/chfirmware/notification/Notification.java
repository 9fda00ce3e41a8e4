package uk.co.dcc.chfirmware.notification;

import java.time.Instant;

/**
 * One notification as its recipient sees it; {@code link} is a page of the product (the status page, a Tasklist task),
 * relative to the application's address.
 */
public record Notification(long id, String kind, Long releaseId, String message, String link, Instant createdAt,
                           boolean read) {
}
