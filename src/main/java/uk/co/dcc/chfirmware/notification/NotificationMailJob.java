package uk.co.dcc.chfirmware.notification;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the outbox on every node when an SMTP server is configured ({@code spring.mail.host}): dispatch and immediate
 * e-mails every {@code chfw.notifications.send-interval}, the daily digests at {@code chfw.notifications.digest-cron}
 * (UK time). The tests run the outbox themselves ({@code chfw.notifications.scheduled=false}).
 */
@Component
@EnableScheduling
@ConditionalOnExpression("'${spring.mail.host:}' != '' and ${chfw.notifications.scheduled:true}")
class NotificationMailJob {

    private final NotificationOutbox outbox;

    NotificationMailJob(NotificationOutbox outbox) {
        this.outbox = outbox;
    }

    @Scheduled(fixedDelayString = "${chfw.notifications.send-interval:PT30S}", initialDelayString = "PT30S")
    void sendImmediate() {
        while (outbox.dispatch() > 0) {
            // until every committed notification is dispatched
        }
        while (outbox.sendImmediate() > 0) {
            // until nothing is left to send now
        }
    }

    @Scheduled(cron = "${chfw.notifications.digest-cron:0 0 7 * * *}", zone = "Europe/London")
    void sendDigests() {
        while (outbox.dispatch() > 0) {
            // until every committed notification is dispatched
        }
        while (outbox.sendDigests() > 0) {
            // a digest claims a batch of deliveries at a time
        }
    }
}
