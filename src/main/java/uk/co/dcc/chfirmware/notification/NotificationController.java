package uk.co.dcc.chfirmware.notification;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import uk.co.dcc.chfirmware.security.Actors;
import uk.co.dcc.chfirmware.security.CurrentActor;
import uk.co.dcc.chfirmware.security.ForbiddenException;
import uk.co.dcc.chfirmware.shared.CspRegion;

/** The logged-in user's notifications (those addressed to it or its groups), its e-mail settings, and messages to customers. */
@RestController
@RequestMapping("/api/notifications")
class NotificationController {

    private final NotificationService notifications;
    private final EmailPreferences preferences;
    private final CustomerMessages messages;
    private final CurrentActor actor;

    NotificationController(NotificationService notifications, EmailPreferences preferences, CustomerMessages messages,
                           CurrentActor actor) {
        this.notifications = notifications;
        this.preferences = preferences;
        this.messages = messages;
        this.actor = actor;
    }

    @GetMapping
    @Operation(summary = "The caller's notifications, newest first, each with a link to the page it concerns")
    List<Notification> inbox(@RequestParam(defaultValue = "false") boolean unreadOnly,
                             @RequestParam(defaultValue = "100") int limit) {
        return notifications.inbox(actor.userId(), actor.groups(), unreadOnly, Math.max(1, Math.min(limit, 1000)));
    }

    @GetMapping("/unread-count")
    @Operation(summary = "How many of the caller's notifications it has not read")
    Map<String, Long> unreadCount() {
        return Map.of("unread", notifications.unreadCount(actor.userId(), actor.groups()));
    }

    /** Marks one notification read; a notification that is not the caller's answers 404, as if it did not exist. */
    @PostMapping("/{notificationId}/read")
    ResponseEntity<Void> markRead(@PathVariable long notificationId) {
        return notifications.markRead(notificationId, actor.userId(), actor.groups())
                ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }

    @GetMapping("/preferences")
    @Operation(summary = "The caller's e-mail address and how its notifications are e-mailed")
    EmailPreferences.Preference preferences() {
        return preferences.of(actor.userId());
    }

    @PutMapping("/preferences")
    @Operation(summary = "The caller chooses IMMEDIATE (each notification as it happens), DAILY_DIGEST or OFF")
    EmailPreferences.Preference setPreferences(@RequestBody Map<String, String> body) {
        return preferences.set(actor.userId(), body == null ? null : body.get("emailMode"));
    }

    @PostMapping("/messages")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "DCC or a CSP sends a message to customers",
            description = "To every supplier, or those with comms hubs of variantId and/or in region; a CSP only within its "
                    + "own region (its region when none is given, 403 for the other). Answers how many suppliers it went to.")
    Map<String, Integer> send(@RequestBody CustomerMessages.Message message) {
        actor.require(Actors.DCC, Actors.CSP_NORTH, Actors.CSP_CENTRAL_SOUTH);
        if (actor.isIn(Actors.DCC)) {
            return Map.of("recipients", messages.send(message, "DCC", actor.userId()));
        }
        CspRegion own = actor.cspRegion().orElseThrow();
        if (message.region() != null && message.region() != own) {
            throw new ForbiddenException("A CSP writes only to the customers of its own region (" + own + ")");
        }
        CustomerMessages.Message inRegion = new CustomerMessages.Message(message.subject(), message.text(),
                message.variantId(), own);
        return Map.of("recipients", messages.send(inRegion, "the CSP for " + own.label(), actor.userId()));
    }
}
