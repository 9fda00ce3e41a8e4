package uk.co.dcc.chfirmware.approval;

/** A supplier decision approved hubs for a release: the approvals of {@code decisionId} are recorded. */
public record HubsApproved(long releaseId, long decisionId, String supplierCode) {
}
