package uk.co.dcc.chfirmware.notification;

import java.time.Instant;

/** One notification as its recipient sees it. */
public record Notification(long id, String kind, Long releaseId, String message, Instant createdAt, boolean read) {
}
