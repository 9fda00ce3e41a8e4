package uk.co.dcc.chfirmware.rules;

import java.util.List;

/** What a rule would do if saved now: per open release it matches, how many of the supplier's hubs it would cover. */
public record RulePreview(RuleAction action, List<Release> releases, long totalHubs) {

    public record Release(long releaseId, String release, long hubs) {
    }
}
