package uk.co.dcc.chfirmware.estate;

import java.time.LocalDate;
import java.util.List;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * One comms hub as it is written to the estate: identity, variant and firmware, region, the
 * responsible suppliers (either may be null, not both), its HAN devices, and the premises' marks (R37): it consents to
 * early upgrades ("super-friendly"), it is high-risk (apart from vulnerable).
 */
public record CommsHubRecord(
        long id,
        String guid,
        long variantId,
        String firmwareVersion,
        CspRegion cspRegion,
        String electricitySupplier,
        String gasSupplier,
        LocalDate installDate,
        boolean vulnerable,
        long configurationSetId,
        List<HanDevice> devices,
        boolean consenting,
        boolean highRisk) {

    /** A hub of premises with neither mark. */
    public CommsHubRecord(long id, String guid, long variantId, String firmwareVersion, CspRegion cspRegion,
                          String electricitySupplier, String gasSupplier, LocalDate installDate, boolean vulnerable,
                          long configurationSetId, List<HanDevice> devices) {
        this(id, guid, variantId, firmwareVersion, cspRegion, electricitySupplier, gasSupplier, installDate, vulnerable,
                configurationSetId, devices, false, false);
    }

    public boolean splitSupplier() {
        return electricitySupplier != null && gasSupplier != null && !electricitySupplier.equals(gasSupplier);
    }
}
