package uk.co.dcc.chfirmware.notification;

/** What a notification is about (docs/notifications.md lists who receives each). */
public enum NotificationKind {
    /** The other supplier of some of the recipient's split-supplier hubs approved its side. */
    OTHER_SUPPLIER_APPROVED,
    /** Newly approved GUIDs are ready for the CSP of the region. */
    GUIDS_APPROVED,
    /** A CSP finished a batch with some of the recipient's comms hubs: how many were upgraded, how many failed. */
    BATCH_FINISHED,
    /** A CSP rejected a batch (business error BATCH_REJECTED), with its reason; for DCC. */
    BATCH_REJECTED,
    /** The mass rollout paused: by itself at a threshold, by DCC, or in one region by its CSP. */
    ROLLOUT_PAUSED,
    /** The mass rollout, or one region of it, resumed. */
    ROLLOUT_RESUMED,
    /** A release the recipient submitted was refused at registration as invalid, with the reason; for its starter. */
    REGISTRATION_REFUSED,
    /** The cut-off for a supplier's decision on a release was set or moved (R26, R18). */
    CUTOFF_SET,
    /** A supplier held its hubs, ended a hold, or DCC overrode a hold (issue 11). */
    STANCE_CHANGED,
    /** A release was registered for a variant the recipient has comms hubs of (or, for a CSP, in its network). */
    RELEASE_REGISTERED,
    /** DCC granted OA to begin the pilot. */
    PILOT_APPROVED,
    /** DCC approved the completion of the pilot phase. */
    PHASE_COMPLETED,
    /** DCC granted OA for mass rollout, with its schedule. */
    MASS_ROLLOUT_APPROVED,
    /** The rollout's schedule changed (not-before time, daily window, HAN prerequisite). */
    SCHEDULE_CHANGED,
    /** A task of the recipient's is due soon: the feedback window, the pilot choice, the pilot assessment. */
    DEADLINE_APPROACHING,
    /** A release ended rejected, with the stage. */
    RELEASE_REJECTED,
    /** DCC withdrew a release. */
    RELEASE_WITHDRAWN,
    /** DCC stopped a release's mass rollout. */
    ROLLOUT_STOPPED,
    /** A release was rolled out. */
    RELEASE_ROLLED_OUT,
    /** A message DCC or a CSP sent to customers. */
    MESSAGE,
    /** A supplier raised a flag on something the recipient runs (never saying who; DCC is told who) (R30). */
    FLAG_RAISED,
    /** DCC changed whose hubs a flag suspends: industry-wide, the raiser's only, or lifted (R30). */
    FLAG_SUSPENSION_CHANGED,
    /** The raiser lowered a flag on something the recipient runs (R30). */
    FLAG_LOWERED,
    /** DCC marked a configuration set the recipient has hubs in as one the industry is leaving, with its count (R27). */
    LEAVING_SET_MARKED,
    /** DCC ended such a mark (R27). */
    LEAVING_SET_UNMARKED,
    /** One of the recipient supplier's own event rules fired with the action "notify me" (R31; docs/rules.md). */
    RULE_FIRED
}
