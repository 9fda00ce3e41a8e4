package uk.co.dcc.chfirmware.estate.imports;

import java.time.LocalDate;
import uk.co.dcc.chfirmware.estate.configsets.ConfigurationSets;

/**
 * One data line as it is staged. A line with problems is still staged with its GUID so that duplicates
 * are found set-wise; its other fields may then be null, and the file is rejected anyway.
 * {@code devices} holds model and firmware for ESME, GSME, IHD and PPMID in turn, nulls for no device. The premises'
 * marks (R37) are null when the file has no such column.
 */
record ImportRow(long lineNo, String guid, Long variantId, String firmwareVersion, String cspRegion,
                 String electricitySupplier, String gasSupplier, LocalDate installDate, Boolean vulnerable,
                 Long configurationSetId, String[] devices, Boolean consenting, Boolean highRisk) {

    /** The line's HAN set signature as {@code han_set} names it (staged, so that SQL never builds it per line). */
    String hanSignature() {
        return ConfigurationSets.signature(devices);
    }
}
