package uk.co.dcc.chfirmware.estate.imports;

/** What applying a file did: hubs added, hubs changed (with their devices), hubs already as in the file. */
record MergeCounts(long inserted, long updated, long unchanged) {
}
