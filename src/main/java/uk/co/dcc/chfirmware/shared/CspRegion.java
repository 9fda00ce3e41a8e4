package uk.co.dcc.chfirmware.shared;

/** The two CSP regions of Great Britain; each is served by one CSP. */
public enum CspRegion {
    NORTH("csp-north", "ch-upgrade-batch-north", "North"),
    CENTRAL_SOUTH("csp-central-south", "ch-upgrade-batch-central-south", "Central and South");

    private final String cspGroup;
    private final String batchProcessKey;
    private final String label;

    CspRegion(String cspGroup, String batchProcessKey, String label) {
        this.cspGroup = cspGroup;
        this.batchProcessKey = batchProcessKey;
        this.label = label;
    }

    /** The region as people name it: "North", "Central and South". */
    public String label() {
        return label;
    }

    /** The identity group of the CSP that serves this region. */
    public String cspGroup() {
        return cspGroup;
    }

    /**
     * The key of the process definition that runs the region's upgrade batches: one per region, the same model under
     * two keys, so that the engine itself keeps each CSP to its own region's batches (its group is authorized on its
     * region's definition only). Part of the CSP contract (docs/csp-integration.md).
     */
    public String batchProcessKey() {
        return batchProcessKey;
    }
}
