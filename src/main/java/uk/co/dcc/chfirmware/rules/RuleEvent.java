package uk.co.dcc.chfirmware.rules;

/**
 * The events an EVENT rule reacts to (R31), each about the rule's own supplier: where it comes from is in
 * docs/rules.md. A flag raised on a configuration set the supplier runs (R30) is not among them yet.
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
    NEW_HUB_INSTALLED("new comms hubs of yours were installed");

    private final String description;

    RuleEvent(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }
}
