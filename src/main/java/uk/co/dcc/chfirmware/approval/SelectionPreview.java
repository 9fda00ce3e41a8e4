package uk.co.dcc.chfirmware.approval;

import java.util.Map;

/** What a pilot selection would contain: how many hubs, of which split-supplier and vulnerable, and where. */
public record SelectionPreview(long hubCount, long splitSupplierCount, long vulnerableCount, Map<String, Long> byRegion,
                               Map<String, Long> byConfigurationSet) {
}
