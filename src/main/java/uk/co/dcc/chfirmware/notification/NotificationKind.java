package uk.co.dcc.chfirmware.notification;

/** What a notification is about. */
public enum NotificationKind {
    /** The other supplier of some of the recipient's split-supplier hubs approved its side. */
    OTHER_SUPPLIER_APPROVED,
    /** Newly approved GUIDs are ready for the CSP of the region. */
    GUIDS_APPROVED,
    /** The recipient's own decision was recorded. */
    DECISION_RECORDED,
    /** A CSP finished a batch with some of the recipient's comms hubs: how many were upgraded, how many failed. */
    BATCH_FINISHED,
    /** A CSP rejected a batch (business error BATCH_REJECTED), with its reason; for DCC. */
    BATCH_REJECTED,
    /** A wave crossed its error or success threshold and paused the mass rollout; for DCC, with the figures. */
    ROLLOUT_PAUSED,
    /** A release the recipient submitted was refused at registration as invalid, with the reason; for its starter. */
    REGISTRATION_REFUSED,
    /** The cut-off for a supplier's decision on a release was set or moved (R26, R18). */
    CUTOFF_SET,
    /** A supplier held its hubs, ended a hold, or DCC overrode a hold (issue 11). */
    STANCE_CHANGED
}
