package uk.co.dcc.chfirmware.approval;

/** A recorded supplier decision: which release, whose, how, and how many hubs it newly approved. */
public record SupplierDecision(long decisionId, long releaseId, String supplierCode, ApprovalMethod method, long hubCount) {
}
