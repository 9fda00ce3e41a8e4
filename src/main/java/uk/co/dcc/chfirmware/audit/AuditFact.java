package uk.co.dcc.chfirmware.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One decision on a release as its source row reads now (see {@link AuditSources}): what it is, what was decided, on what
 * basis, by whom and when, and who may see it. {@code sourceKey} names the row (and which of its facts, where one row
 * holds two: a pilot choice and its assessment, a stance and its end) and never changes.
 *
 * @param scopeSupplier the supplier whose decision it is (it sees it whole), if any
 * @param scopeRegion   the CSP region it concerns (its CSP sees it whole), if any
 * @param releaseLevel  every actor sees that it happened (kind, stage, decision, when), without its words or its author
 */
record AuditFact(long releaseId, String sourceKey, String kind, String stage, String decision, String scope,
                 String comment, String supplierCode, String cspRegion, Long hubCount, LocalDateTime effectiveAt,
                 String decidedBy, String actorRole, LocalDateTime decidedAt, String scopeSupplier, String scopeRegion,
                 boolean releaseLevel) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What the chain seals of the fact: every field a reader is shown, in a fixed order, as JSON. Times are written as
     * the database's local date-time (no time zone of the node that reads them enters the content).
     */
    String content() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("source", sourceKey);
        fields.put("kind", kind);
        fields.put("stage", stage);
        fields.put("decision", decision);
        fields.put("scope", scope);
        fields.put("comment", comment);
        fields.put("supplierCode", supplierCode);
        fields.put("cspRegion", cspRegion);
        fields.put("hubCount", hubCount);
        fields.put("effectiveAt", effectiveAt == null ? null : effectiveAt.toString());
        fields.put("decidedBy", decidedBy);
        fields.put("decidedAt", decidedAt.toString());
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the content of " + sourceKey, e);
        }
    }
}
