package uk.co.dcc.chfirmware.approval;

import java.time.LocalDate;
import java.util.List;

/**
 * A supplier's choice of pilot hubs (R9): how many, in which region (null for both), which DPL
 * configuration sets (empty for all), installed on or before a date (null for any), and whether vulnerable
 * or high-risk premises may be included (they are excluded unless explicitly included).
 */
public record PilotCriteria(int hubCount, String cspRegion, List<String> configurationSets, LocalDate installedOnOrBefore,
                            boolean includeVulnerable) {

    public PilotCriteria {
        if (hubCount < 1) {
            throw new IllegalArgumentException("pilotHubCount: choose at least one comms hub, not " + hubCount);
        }
        if (cspRegion != null && !cspRegion.equals("NORTH") && !cspRegion.equals("CENTRAL_SOUTH")) {
            throw new IllegalArgumentException("pilotRegion: must be NORTH, CENTRAL_SOUTH or ANY, was " + cspRegion);
        }
        configurationSets = configurationSets == null ? List.of() : List.copyOf(configurationSets);
    }

    public PilotCriteria(int hubCount, String cspRegion, boolean includeVulnerable) {
        this(hubCount, cspRegion, List.of(), null, includeVulnerable);
    }
}
