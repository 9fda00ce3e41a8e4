package uk.co.dcc.chfirmware.release;

import java.time.Instant;

/** One entry of a release's audit trail (R35): at which stage who decided what, when, and why. */
public record ReleaseDecision(String stage, String decision, String comment, String decidedBy, Instant decidedAt) {
}
