package uk.co.dcc.chfirmware.approval;

/**
 * A supplier's choice of pilot hubs (R9): how many, in which region (null for both), and whether
 * vulnerable or high-risk premises may be included (they are excluded unless explicitly included).
 */
public record PilotCriteria(int hubCount, String cspRegion, boolean includeVulnerable) {

    public PilotCriteria {
        if (hubCount < 1) {
            throw new IllegalArgumentException("pilotHubCount: choose at least one comms hub, not " + hubCount);
        }
        if (cspRegion != null && !cspRegion.equals("NORTH") && !cspRegion.equals("CENTRAL_SOUTH")) {
            throw new IllegalArgumentException("pilotRegion: must be NORTH, CENTRAL_SOUTH or ANY, was " + cspRegion);
        }
    }
}
