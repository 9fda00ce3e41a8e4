package uk.co.dcc.chfirmware.release;

import java.time.Instant;

/**
 * A release as the REST API shows it. A registration refused as invalid is a release REJECTED at stage REGISTRATION,
 * with what was submitted as far as it was valid: its variant may be unknown (null) and its firmware version is the one
 * submitted.
 */
public record ReleaseView(long id, Long variantId, String variantName, String firmwareVersion, String releaseType,
                          String imageSha256, String status, String processInstanceId, String registeredBy,
                          Instant registeredAt, String closedStage, String closedReason) {
}
