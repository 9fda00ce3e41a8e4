package uk.co.dcc.chfirmware.notification;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Notification e-mails (chfw.notifications, docs/notifications.md).
 *
 * @param baseUrl       the application's address as its users reach it, put before each link in an e-mail
 * @param from          the e-mails' sender address
 * @param claimFor      how long a node may take to send the e-mails it claimed before another node may take them over
 * @param deadlineNotice how long before a task's due date its candidates are told
 */
@ConfigurationProperties("chfw.notifications")
public record NotificationProperties(String baseUrl, String from, Duration claimFor, Duration deadlineNotice) {

    public NotificationProperties {
        baseUrl = baseUrl == null || baseUrl.isBlank() ? "http://localhost:8080" : baseUrl.replaceAll("/+$", "");
        from = from == null || from.isBlank() ? "ch-firmware-rollout@localhost" : from;
        claimFor = claimFor == null ? Duration.ofMinutes(5) : claimFor;
        deadlineNotice = deadlineNotice == null ? Duration.ofDays(1) : deadlineNotice;
    }
}
