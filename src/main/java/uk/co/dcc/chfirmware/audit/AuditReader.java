package uk.co.dcc.chfirmware.audit;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Set;

/**
 * Who reads a release's audit trail: DCC sees every decision whole; a supplier its own decisions whole and the
 * release-level ones (that they happened); a CSP its region's whole and the release-level ones; any actor whole the
 * decisions its own users took. No supplier code reaches anyone but DCC and that supplier.
 *
 * @param ownUsers the users of the reader's groups (the decisions they took are the reader's own)
 */
record AuditReader(boolean dcc, String supplierCode, String cspRegion, Set<String> ownUsers) {

    /** Whether the reader sees the fact whole (its words, author and figures). */
    boolean seesWhole(AuditFact fact) {
        return dcc
                || (fact.decidedBy() != null && ownUsers.contains(fact.decidedBy()))
                || (supplierCode != null && supplierCode.equals(fact.scopeSupplier()))
                || (cspRegion != null && cspRegion.equals(fact.scopeRegion()));
    }

    /** Whether the reader sees that the fact happened. */
    boolean sees(AuditFact fact) {
        return fact.releaseLevel() || seesWhole(fact);
    }

    /** The fact as the reader may see it, with its record in the chain (null before it is sealed). */
    AuditEntry entry(AuditFact fact, AuditChain.SealedRecord record) {
        boolean whole = seesWhole(fact);
        String supplier = dcc || (supplierCode != null && supplierCode.equals(fact.supplierCode())) ? fact.supplierCode() : null;
        return new AuditEntry(dcc && record != null ? record.seq() : null, fact.kind(), fact.stage(), fact.decision(),
                whole ? fact.scope() : null, whole ? fact.comment() : null, supplier, fact.cspRegion(),
                whole ? fact.hubCount() : null, instant(fact.effectiveAt()), whole ? fact.decidedBy() : null,
                fact.actorRole(), instant(fact.decidedAt()), record == null ? null : record.hash(),
                dcc && record != null ? record.prevHash() : null);
    }

    /** A time as the database keeps it (the node's local time, as {@code Timestamp.from} writes it) as an instant. */
    static Instant instant(LocalDateTime local) {
        return local == null ? null : local.atZone(ZoneId.systemDefault()).toInstant();
    }
}
