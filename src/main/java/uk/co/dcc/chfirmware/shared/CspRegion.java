package uk.co.dcc.chfirmware.shared;

/** The two CSP regions of Great Britain; each is served by one CSP. */
public enum CspRegion {
    NORTH("csp-north"),
    CENTRAL_SOUTH("csp-central-south");

    private final String cspGroup;

    CspRegion(String cspGroup) {
        this.cspGroup = cspGroup;
    }

    /** The identity group of the CSP that serves this region. */
    public String cspGroup() {
        return cspGroup;
    }
}
