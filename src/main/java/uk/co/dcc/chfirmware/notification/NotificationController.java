package uk.co.dcc.chfirmware.notification;

import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.co.dcc.chfirmware.security.CurrentActor;

/** The logged-in user's notifications: those addressed to its groups. */
@RestController
@RequestMapping("/api/notifications")
class NotificationController {

    private final NotificationService notifications;
    private final CurrentActor actor;

    NotificationController(NotificationService notifications, CurrentActor actor) {
        this.notifications = notifications;
        this.actor = actor;
    }

    @GetMapping
    List<Notification> inbox(@RequestParam(defaultValue = "false") boolean unreadOnly,
                             @RequestParam(defaultValue = "100") int limit) {
        return notifications.inbox(actor.userId(), actor.groups(), unreadOnly, Math.max(1, Math.min(limit, 1000)));
    }

    /** Marks one notification read; a notification that is not the caller's answers 404, as if it did not exist. */
    @PostMapping("/{notificationId}/read")
    ResponseEntity<Void> markRead(@PathVariable long notificationId) {
        return notifications.markRead(notificationId, actor.userId(), actor.groups())
                ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }
}
