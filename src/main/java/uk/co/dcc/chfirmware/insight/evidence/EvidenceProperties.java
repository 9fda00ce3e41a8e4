package uk.co.dcc.chfirmware.insight.evidence;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The threshold rule the evidence for retiring the co-operative phase is read against (R38, docs/evidence.md): how many
 * of a variant's latest releases with a pilot it looks at, and the most pilot hubs that may have failed among them. Within
 * the rule the window also has no problems reported, no negative feedback, no hubs held and no release ended in it.
 */
@ConfigurationProperties("chfw.evidence")
public record EvidenceProperties(@DefaultValue("3") int releases, @DefaultValue("0.01") double maxPilotFailureRate) {

    public EvidenceProperties {
        if (releases < 1) {
            throw new IllegalArgumentException("chfw.evidence.releases must be at least 1");
        }
        if (maxPilotFailureRate < 0 || maxPilotFailureRate > 1) {
            throw new IllegalArgumentException("chfw.evidence.max-pilot-failure-rate must be between 0 and 1");
        }
    }
}
