package uk.co.dcc.chfirmware.estate.imports;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import uk.co.dcc.chfirmware.estate.CommsHubRecord;
import uk.co.dcc.chfirmware.estate.HanDevice;

/** Writes comms hubs as estate CSV lines (the header first), one at a time; nothing is kept. */
public final class EstateCsvWriter {

    private final Writer out;
    private final Map<Long, List<String>> variants;
    private final Map<Long, String> configurationSets;
    private final StringBuilder line = new StringBuilder(256);

    /** A writer over the reference data released with the product ({@code V4__reference_data.sql}). */
    public static EstateCsvWriter withReleasedReferenceData(Writer out) throws IOException {
        return new EstateCsvWriter(out, EstateCsv.RELEASED_VARIANTS, EstateCsv.RELEASED_CONFIGURATION_SETS);
    }

    EstateCsvWriter(Writer out, Map<Long, List<String>> variants, Map<Long, String> configurationSets) throws IOException {
        this.out = out;
        this.variants = variants;
        this.configurationSets = configurationSets;
        out.write(EstateCsv.HEADER);
        out.write('\n');
    }

    public void write(CommsHubRecord hub) throws IOException {
        List<String> variant = variants.get(hub.variantId());
        String configurationSet = configurationSets.get(hub.configurationSetId());
        if (variant == null || configurationSet == null) {
            throw new IllegalArgumentException("Hub " + hub.guid() + " refers to reference data this writer does not know");
        }
        line.setLength(0);
        append(hub.guid()).append(variant.get(0)).append(variant.get(1)).append(variant.get(2))
                .append(hub.firmwareVersion()).append(hub.cspRegion().name()).append(hub.electricitySupplier())
                .append(hub.gasSupplier()).append(hub.installDate().toString())
                .append(Boolean.toString(hub.vulnerable())).append(configurationSet);
        for (String type : EstateCsv.DEVICE_TYPES) {
            HanDevice device = device(hub, type);
            append(device == null ? null : device.model()).append(device == null ? null : device.firmwareVersion());
        }
        line.setCharAt(line.length() - 1, '\n');
        out.append(line);
    }

    private EstateCsvWriter append(String value) {
        line.append(EstateCsv.field(value)).append(',');
        return this;
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
