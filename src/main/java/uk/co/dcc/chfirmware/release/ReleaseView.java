package uk.co.dcc.chfirmware.release;

import java.time.Instant;

/** A release as the REST API shows it. */
public record ReleaseView(long id, long variantId, String variantName, String firmwareVersion, String releaseType,
                          String imageSha256, String status, String processInstanceId, String registeredBy,
                          Instant registeredAt, String closedStage, String closedReason) {
}
