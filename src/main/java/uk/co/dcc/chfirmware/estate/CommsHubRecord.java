package uk.co.dcc.chfirmware.estate;

import java.time.LocalDate;
import java.util.List;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * One comms hub as it is written to the estate: identity, variant and firmware, region, the
 * responsible suppliers (either may be null, not both) and its HAN devices.
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
        List<HanDevice> devices) {

    public boolean splitSupplier() {
        return electricitySupplier != null && gasSupplier != null && !electricitySupplier.equals(gasSupplier);
    }
}
