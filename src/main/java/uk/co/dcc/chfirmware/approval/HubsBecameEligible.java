package uk.co.dcc.chfirmware.approval;

/** The split-supplier join made hubs eligible: the release's eligible hubs after {@code afterSeq} are new. */
public record HubsBecameEligible(long releaseId, long afterSeq) {
}
