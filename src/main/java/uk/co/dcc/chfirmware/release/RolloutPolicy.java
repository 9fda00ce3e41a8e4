package uk.co.dcc.chfirmware.release;

/**
 * The rollout policy decided for one release (R24): whether customer testing and a pilot are required,
 * the feedback and assessment windows as ISO 8601 durations, the pilot cap per supplier, and the suppliers' cut-off:
 * how long after the pilot (or, without one, the mass rollout) begins a supplier that has not decided stops holding its
 * hubs back (R26; ISO 8601 duration); and the pilot choice window, how long a supplier has to choose its pilot hubs once
 * the pilot begins.
 */
public record RolloutPolicy(boolean customerTestingRequired, boolean pilotRequired, String feedbackWindow,
                            String assessmentWindow, int pilotCapPerSupplier, String approvalCutoff,
                            String pilotChoiceWindow) {

    /** The cut-off duration, or 28 days for a release whose policy was decided before the policy said one. */
    public java.time.Duration approvalCutoffDuration() {
        return approvalCutoff == null ? java.time.Duration.ofDays(28) : java.time.Duration.parse(approvalCutoff);
    }

    /** The pilot choice window, or 10 days for a release whose policy was decided before the policy said one. */
    public String pilotChoiceWindowOrDefault() {
        return pilotChoiceWindow == null ? "P10D" : pilotChoiceWindow;
    }
}
