package uk.co.dcc.chfirmware.estate.imports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.modulith.NamedInterface;
import uk.co.dcc.chfirmware.csv.SpreadsheetSafeCsv;
import uk.co.dcc.chfirmware.estate.CommsHubRecord;
import uk.co.dcc.chfirmware.estate.HanDevice;

/**
 * Writes comms hubs as estate CSV lines (the header with the premises' marks first), one at a time, through the product's CSV writer; nothing is
 * kept. The estate's named interface {@code csv-writer}: the command line writes synthetic estates with it.
 */
@NamedInterface("csv-writer")
public final class EstateCsvWriter {

    private final SpreadsheetSafeCsv csv;
    private final Map<Long, List<String>> variants;
    private final Map<Long, String> configurationSets;

    /** A writer over the reference data released with the product ({@code V4__reference_data.sql}). */
    public static EstateCsvWriter withReleasedReferenceData(Writer out) throws IOException {
        return new EstateCsvWriter(out, EstateCsv.RELEASED_VARIANTS, EstateCsv.RELEASED_CONFIGURATION_SETS);
    }

    EstateCsvWriter(Writer out, Map<Long, List<String>> variants, Map<Long, String> configurationSets) throws IOException {
        this.variants = variants;
        this.configurationSets = configurationSets;
        try {
            this.csv = SpreadsheetSafeCsv.to(out, java.util.stream.Stream.concat(EstateCsv.COLUMNS.stream(),
                    EstateCsv.MARK_COLUMNS.stream()).toArray(String[]::new));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    public void write(CommsHubRecord hub) throws IOException {
        List<String> variant = variants.get(hub.variantId());
        String configurationSet = configurationSets.get(hub.configurationSetId());
        if (variant == null || configurationSet == null) {
            throw new IllegalArgumentException("Hub " + hub.guid() + " refers to reference data this writer does not know");
        }
        List<Object> cells = new ArrayList<>(EstateCsv.COLUMNS.size());
        cells.addAll(List.of(hub.guid(), variant.get(0), variant.get(1), variant.get(2), hub.firmwareVersion(),
                hub.cspRegion().name()));
        cells.add(hub.electricitySupplier());
        cells.add(hub.gasSupplier());
        cells.addAll(List.of(hub.installDate(), hub.vulnerable(), configurationSet));
        for (String type : EstateCsv.DEVICE_TYPES) {
            HanDevice device = device(hub, type);
            cells.add(device == null ? null : device.model());
            cells.add(device == null ? null : device.firmwareVersion());
        }
        cells.add(hub.consenting());
        cells.add(hub.highRisk());
        try {
            csv.row(cells.toArray());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static HanDevice device(CommsHubRecord hub, String type) {
        for (HanDevice device : hub.devices()) {
            if (device.deviceType().equals(type)) {
                return device;
            }
        }
        return null;
    }
}
