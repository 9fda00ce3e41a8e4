package uk.co.dcc.chfirmware.rules;

import java.util.List;

/**
 * What a rule would do if saved now: per open release it matches, how many of the supplier's hubs it would cover (for a
 * NEW_INSTALLS rule, its hubs installed in the last N days; for an EVENT rule, those its action would cover if the
 * event happened now), and the same in a sentence.
 */
public record RulePreview(RuleAction action, List<Release> releases, long totalHubs, String summary) {

    public record Release(long releaseId, String release, long hubs) {
    }
}
