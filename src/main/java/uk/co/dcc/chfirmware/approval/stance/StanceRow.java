package uk.co.dcc.chfirmware.approval.stance;

import java.time.Instant;

/**
 * One stance row as its supplier (or DCC) sees it: what, within which scope (a CSP region, a configuration set, both or
 * neither: the whole estate), how it came about, who decided it, when and why, and whether and how it ended.
 */
public record StanceRow(long id, String supplierCode, Stance stance, String cspRegion, String configurationSet,
                        StanceSource source, String reason, String decidedBy, Instant decidedAt, Instant endedAt,
                        String endedBy, String endReason) {

    public boolean active() {
        return endedAt == null;
    }
}
