package uk.co.dcc.chfirmware.notification;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deadlines approaching (R36): each open task whose due date (the feedback window, the pilot choice, the pilot
 * assessment; set by the task's listener from the release's policy) is within {@code chfw.notifications.deadline-notice}
 * is announced once to its candidate groups, with a link to the task. A task is announced by one node only: the row
 * in {@code notification_deadline_notice} is written with the notification, and a second node's insert fails on its key.
 */
@Service
public class DeadlineReminders {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm z", Locale.UK)
            .withZone(ZoneId.of("Europe/London"));

    private final TaskService tasks;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final NotificationService notifications;
    private final NotificationProperties properties;
    private final Clock clock;

    public DeadlineReminders(TaskService tasks, JdbcTemplate jdbc, TransactionTemplate transactions,
                             NotificationService notifications, NotificationProperties properties, Clock clock) {
        this.tasks = tasks;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.notifications = notifications;
        this.properties = properties;
        this.clock = clock;
    }

    /** Announces the tasks due soon that were not announced yet; returns how many. */
    public int remind() {
        Instant now = clock.instant();
        int announced = 0;
        for (Task task : tasks.createTaskQuery().active().dueBefore(Date.from(now.plus(properties.deadlineNotice())))
                .orderByDueDate().asc().list()) {
            if (jdbc.queryForObject("SELECT COUNT(*) FROM notification_deadline_notice WHERE task_id = ?", Long.class,
                    task.getId()) > 0) {
                continue;
            }
            try {
                transactions.executeWithoutResult(status -> announce(task, now));
                announced++;
            } catch (DuplicateKeyException anotherNodeDidIt) {
                // announced by another node meanwhile
            }
        }
        return announced;
    }

    private void announce(Task task, Instant now) {
        jdbc.update("INSERT INTO notification_deadline_notice (task_id, due_at, notified_at) VALUES (?, ?, ?)",
                task.getId(), new Timestamp(task.getDueDate().getTime()), Timestamp.from(now));
        String message = "Due by " + SHOWN.format(task.getDueDate().toInstant()) + ": " + task.getName()
                + (task.getDescription() == null ? "" : ". " + task.getDescription());
        for (IdentityLink link : tasks.getIdentityLinksForTask(task.getId())) {
            if (IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null) {
                notifications.notify(link.getGroupId(), NotificationKind.DEADLINE_APPROACHING, null, message,
                        Links.task(task.getId()));
            }
        }
    }
}
