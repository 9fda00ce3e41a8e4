package uk.co.dcc.chfirmware.rollout.batches;

/** The result of publishing hubs to the CSPs: how many hubs, in how many batches. */
public record Publication(long publicationId, long hubCount, int batchCount) {
}
