package uk.co.dcc.chfirmware.notification;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Looks for tasks due soon every {@code chfw.notifications.deadline-check-interval}, on every node. */
@Component
@EnableScheduling
@ConditionalOnProperty(name = "chfw.notifications.scheduled", havingValue = "true", matchIfMissing = true)
class DeadlineReminderJob {

    private final DeadlineReminders reminders;

    DeadlineReminderJob(DeadlineReminders reminders) {
        this.reminders = reminders;
    }

    @Scheduled(fixedDelayString = "${chfw.notifications.deadline-check-interval:PT15M}", initialDelayString = "PT1M")
    void remind() {
        reminders.remind();
    }
}
