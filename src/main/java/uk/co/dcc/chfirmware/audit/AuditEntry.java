package uk.co.dcc.chfirmware.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One decision of a release's audit trail as one actor may see it. {@code comment}, {@code decidedBy} and
 * {@code hubCount} are given only where the decision is the reader's own (its supplier's, its region's, its users');
 * elsewhere the reader sees that it happened and {@code actorRole} says which kind of actor took it. {@code hash} is the
 * record's hash in the chain once sealed (salted: it tells nothing of any record); {@code seq} and {@code prevHash}, which
 * would tell how many decisions others took in between, are DCC's alone. Times are instants (the database keeps the
 * nodes' local time, as every table of the product does).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEntry(Long seq, String kind, String stage, String decision, String scope, String comment,
                         String supplierCode, String cspRegion, Long hubCount, Instant effectiveAt,
                         String decidedBy, String actorRole, Instant decidedAt, String hash, String prevHash) {
}
