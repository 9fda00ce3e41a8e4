package uk.co.dcc.chfirmware.release;

import java.util.Locale;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.notification.NotificationKind;
import uk.co.dcc.chfirmware.notification.NotificationService;
import uk.co.dcc.chfirmware.security.Actors;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * Tells the actors a release concerns what happened to it (R16, R36; docs/notifications.md): each supplier with comms
 * hubs of the variant (in the region, when it is about one region) and the CSP of each network with such hubs; DCC when
 * it did not do it itself. A supplier is told what happened and when, never a CSP's or DCC Testing's words, and never
 * who else was told.
 */
@Component
public class ReleaseNotices {

    private final NotificationService notifications;
    private final ReleaseService releases;

    public ReleaseNotices(NotificationService notifications, ReleaseService releases) {
        this.notifications = notifications;
        this.releases = releases;
    }

    /** A release was registered: its suppliers and CSPs learn it is coming. */
    public void registered(long releaseId) {
        ReleaseView release = release(releaseId);
        tellConcerned(release, null, NotificationKind.RELEASE_REGISTERED, "Release registered for %s, which you have comms "
                + "hubs of: firmware %s (%s)".formatted(release.variantName(), release.firmwareVersion(),
                Labels.releaseType(release.releaseType())));
    }

    /** DCC approved a stage: OA to begin the pilot, or the pilot phase's completion. */
    public void approved(long releaseId, ReleaseStage stage) {
        ReleaseView release = release(releaseId);
        switch (stage) {
            case PILOT_APPROVAL -> tellConcerned(release, null, NotificationKind.PILOT_APPROVED,
                    "OA to begin the pilot granted for " + label(release) + ": suppliers choose their pilot hubs in Tasklist");
            case PHASE_COMPLETION -> tellConcerned(release, null, NotificationKind.PHASE_COMPLETED,
                    "The pilot phase of " + label(release) + " is complete; OA for mass rollout is next");
            default -> {
            }
        }
    }

    /** DCC granted OA for mass rollout, with the schedule in words. */
    public void massRolloutApproved(long releaseId, String schedule) {
        ReleaseView release = release(releaseId);
        tellConcerned(release, null, NotificationKind.MASS_ROLLOUT_APPROVED,
                "OA for mass rollout granted for " + label(release) + ". Schedule: " + schedule);
    }

    /** The rollout's schedule changed. */
    public void scheduleChanged(long releaseId, String schedule) {
        ReleaseView release = release(releaseId);
        tellConcerned(release, null, NotificationKind.SCHEDULE_CHANGED,
                "The mass rollout schedule of " + label(release) + " changed: " + schedule);
    }

    /** The rollout paused, wholly (region null) or in one region, by DCC, by a CSP or by itself. */
    public void paused(long releaseId, CspRegion region, String byWhom) {
        ReleaseView release = release(releaseId);
        String where = region == null ? "" : " in the " + region.label() + " region";
        tellConcerned(release, region, NotificationKind.ROLLOUT_PAUSED,
                "The mass rollout of " + label(release) + " was paused" + where + " by " + byWhom
                        + ": no new batches go out there until it resumes");
        if (region != null) {
            notifications.notify(Actors.DCC, NotificationKind.ROLLOUT_PAUSED, releaseId,
                    "The CSP paused the mass rollout of " + label(release) + where);
        }
    }

    /** The rollout resumed, wholly or in one region. */
    public void resumed(long releaseId, CspRegion region) {
        ReleaseView release = release(releaseId);
        String where = region == null ? "" : " in the " + region.label() + " region";
        tellConcerned(release, region, NotificationKind.ROLLOUT_RESUMED, "The mass rollout of " + label(release)
                + " resumed" + where);
        if (region != null) {
            notifications.notify(Actors.DCC, NotificationKind.ROLLOUT_RESUMED, releaseId,
                    "The CSP resumed the mass rollout of " + label(release) + where);
        }
    }

    /** A release ended: rejected, withdrawn, stopped or rolled out (a refused registration tells its starter itself). */
    @EventListener
    public void onClosed(ReleaseClosedEvent closed) {
        ReleaseView release = release(closed.releaseId());
        if (release.variantId() == null || ReleaseStage.REGISTRATION.name().equals(release.closedStage())) {
            return;
        }
        String stage = release.closedStage() == null ? "" : " at " + Labels.stage(release.closedStage());
        switch (closed.status()) {
            case REJECTED -> {
                tellConcerned(release, null, NotificationKind.RELEASE_REJECTED, label(release) + " was rejected" + stage
                        + "; it will not be rolled out");
                notifications.notify(Actors.DCC, NotificationKind.RELEASE_REJECTED, release.id(), label(release)
                        + " was rejected" + stage + ": " + release.closedReason());
            }
            case WITHDRAWN -> tellConcerned(release, null, NotificationKind.RELEASE_WITHDRAWN, "DCC withdrew "
                    + label(release) + stage + ": " + release.closedReason());
            case STOPPED -> tellConcerned(release, null, NotificationKind.ROLLOUT_STOPPED, "DCC stopped the mass rollout of "
                    + label(release) + ": " + release.closedReason());
            case ROLLED_OUT -> {
                tellConcerned(release, null, NotificationKind.RELEASE_ROLLED_OUT, label(release) + " was rolled out");
                notifications.notify(Actors.DCC, NotificationKind.RELEASE_ROLLED_OUT, release.id(), label(release)
                        + " was rolled out");
            }
            default -> {
            }
        }
    }

    private void tellConcerned(ReleaseView release, CspRegion region, NotificationKind kind, String message) {
        notifications.notifyCustomers(release.variantId(), region, kind, release.id(), message);
        if (region != null) {
            notifications.notify(region.cspGroup(), kind, release.id(), message);
        } else {
            notifications.notifyCsps(release.variantId(), kind, release.id(), message);
        }
    }

    private ReleaseView release(long releaseId) {
        return releases.find(releaseId).orElseThrow(() -> new ReleaseNotFoundException(releaseId));
    }

    private static String label(ReleaseView release) {
        return String.format(Locale.UK, "%s firmware %s", release.variantName(), release.firmwareVersion());
    }
}
