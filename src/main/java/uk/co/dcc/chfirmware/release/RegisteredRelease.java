package uk.co.dcc.chfirmware.release;

/** A registered release with what the process needs to know of its variant. */
public record RegisteredRelease(long releaseId, String label, String variantName, String variantMaturity,
                                long hubsOnVariant, long suppliersOnVariant) {
}
