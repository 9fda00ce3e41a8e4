package uk.co.dcc.chfirmware.rules;

/**
 * The events an EVENT rule reacts to (R31), each about the rule's own supplier: where it comes from is in
 * docs/rules.md.
 */
public enum RuleEvent {
    /** A release was registered for a CH variant the supplier has comms hubs of. */
    RELEASE_REGISTERED("a release was registered for a variant you run"),
    /** DCC granted OA to begin the pilot of a release with comms hubs of the supplier. */
    PILOT_OA_GRANTED("DCC granted OA to begin the pilot"),
    /** DCC granted OA for the mass rollout of a release with comms hubs of the supplier. */
    MASS_ROLLOUT_OA_GRANTED("DCC granted OA for mass rollout"),
    /** A batch with comms hubs of the supplier finished with more than the rule's percentage of them failed. */
    BATCH_FAILURE_RATE("a batch of your comms hubs finished with a failure rate above your limit"),
    /** An estate import added comms hubs of the supplier (new installs) to an open release's estate. */
    NEW_HUB_INSTALLED("new comms hubs of yours were installed"),
    /**
     * A supplier (possibly the rule's own, never named) raised a flag (R30) on a configuration set, device model or
     * firmware that some of the supplier's comms hubs run. It holds or tells; it never approves.
     */
    FLAG_RAISED_ON_MY_SET("a flag was raised on a configuration set, device model or firmware you run");

    private final String description;

    RuleEvent(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }
}
