package uk.co.dcc.chfirmware.rules;

import java.time.Instant;
import java.util.List;

/** A standing rule as its supplier (or DCC) sees it, with where it has been applied. */
public record SupplierRule(long id, String supplierCode, RuleAction action, Long variantId, String cspRegion,
                           String configurationSet, String reason, String createdBy, Instant createdAt, Instant endedAt,
                           String endedBy, String endReason, List<Application> applications) {

    /** One application of the rule to a release: the stance row it made and the hubs it covered then. */
    public record Application(long releaseId, long stanceId, long hubs, Instant appliedAt) {
    }
}
