package uk.co.dcc.chfirmware.insight;

/** Optional filters over a supplier's hubs; null means any. */
public record HubFilter(Long variantId, String firmwareVersion, String cspRegion, String configurationSet, Boolean vulnerable) {
}
