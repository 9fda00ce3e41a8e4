package uk.co.dcc.chfirmware.rules;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A standing rule as its supplier (or DCC) sees it, with where it has been applied (a STANCE rule), what it did each
 * time its event happened (an EVENT rule), and how many of the supplier's hubs it holds now in each open release it
 * matches (a PREREQUISITE rule still active: {@code holding}, counted as the publication applies it).
 */
public record SupplierRule(long id, String supplierCode, RuleKind kind, RuleAction action, Long variantId, String cspRegion,
                           String configurationSet, Integer installedWithinDays, RuleEvent event,
                           BigDecimal failureRatePercent, String reason, String createdBy, Instant createdAt,
                           Instant endedAt, String endedBy, String endReason, List<Application> applications,
                           List<Firing> firings, String prerequisiteDevice, String prerequisiteModel,
                           String prerequisiteVersion, List<RulePreview.Release> holding) {

    /** One application of the rule to a release: the stance row it made and the hubs it covered then. */
    public record Application(long releaseId, long stanceId, long hubs, Instant appliedAt) {
    }

    /**
     * One firing of an event rule in a release: the occurrence of its event, what it did, the stance row it made (if
     * any) and the supplier's hubs that covered.
     */
    public record Firing(long releaseId, String occurrence, String outcome, Long stanceId, long hubs, Instant firedAt) {
    }
}
