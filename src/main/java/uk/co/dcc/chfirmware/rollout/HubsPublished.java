package uk.co.dcc.chfirmware.rollout;

/** Hubs were published to the CSPs in the batches of {@code publicationId}. */
public record HubsPublished(long releaseId, long publicationId) {
}
