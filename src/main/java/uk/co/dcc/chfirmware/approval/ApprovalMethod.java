package uk.co.dcc.chfirmware.approval;

/** How a supplier approved comms hubs for a release (R35: on what basis). */
public enum ApprovalMethod {
    /** Chosen by criteria in the pilot form. */
    PILOT_CRITERIA,
    /** An explicit list of GUIDs. */
    GUID_LIST,
    /** The supplier's whole estate of the release's variant. */
    WHOLE_ESTATE,
    /** Exactly the supplier's split-supplier hubs the other supplier had already approved. */
    SPLIT_MATCH
}
