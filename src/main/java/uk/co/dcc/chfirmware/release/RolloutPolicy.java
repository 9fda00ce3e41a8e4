package uk.co.dcc.chfirmware.release;

/**
 * The rollout policy decided for one release (R24): whether customer testing and a pilot are required,
 * the feedback and assessment windows as ISO 8601 durations, and the pilot cap per supplier.
 */
public record RolloutPolicy(boolean customerTestingRequired, boolean pilotRequired, String feedbackWindow,
                            String assessmentWindow, int pilotCapPerSupplier) {
}
