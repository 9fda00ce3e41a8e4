package uk.co.dcc.chfirmware.estate.configsets;

/**
 * One DPL configuration set: a CH variant and CH firmware version with the HAN devices' models and firmware versions
 * ({@code hanDevices}, as {@link ConfigurationSets#signature} writes them; {@code hanSetId} 0 when a hub's devices were
 * never named). {@code key} is stable: the same set has the same key on every node, in every database, for ever.
 */
public record ConfigurationSet(String key, long variantId, String variantName, String firmwareVersion, long hanSetId,
                               String hanDevices) {

    /** Everything a person reads to tell the set: variant, firmware and devices. */
    public String label() {
        return variantName + " fw " + firmwareVersion + (hanDevices.isEmpty() ? "" : " " + hanDevices);
    }
}
