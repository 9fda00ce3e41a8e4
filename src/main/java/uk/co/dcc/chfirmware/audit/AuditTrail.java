package uk.co.dcc.chfirmware.audit;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import uk.co.dcc.chfirmware.csv.SpreadsheetSafeCsv;
import uk.co.dcc.chfirmware.release.ReleaseNotFoundException;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.security.Actors;
import uk.co.dcc.chfirmware.security.CurrentActor;

/**
 * A release's audit trail as the calling actor may see it (R35, R34): every decision from every table, sealed into the
 * chain first (so what is read is what is sealed), oldest first.
 */
@Service
public class AuditTrail {

    /** The CSV export's columns, in the order of {@link #csvRow}. */
    static final String[] CSV_HEADER = {"seq", "decided_at", "kind", "stage", "decision", "scope", "supplier_code",
            "csp_region", "hub_count", "effective_at", "decided_by", "actor_role", "comment", "hash", "prev_hash"};

    private final AuditSources sources;
    private final AuditChain chain;
    private final ReleaseService releases;
    private final CurrentActor actor;
    private final JdbcTemplate jdbc;

    AuditTrail(AuditSources sources, AuditChain chain, ReleaseService releases, CurrentActor actor, JdbcTemplate jdbc) {
        this.sources = sources;
        this.chain = chain;
        this.releases = releases;
        this.actor = actor;
        this.jdbc = jdbc;
    }

    /** Every decision on the release the caller may see, sealed first. */
    public List<AuditEntry> entries(long releaseId) {
        return entries(releaseId, false);
    }

    /** The caller's own decisions on the release (DCC: all of them), each whole, as in {@link #entries}. */
    public List<AuditEntry> ownDecisions(long releaseId) {
        return entries(releaseId, true);
    }

    private List<AuditEntry> entries(long releaseId, boolean wholeOnly) {
        releases.find(releaseId).orElseThrow(() -> new ReleaseNotFoundException(releaseId));
        chain.seal(releaseId);
        AuditReader reader = reader();
        Map<String, AuditChain.SealedRecord> sealed = chain.records(releaseId).stream()
                .collect(Collectors.toMap(AuditChain.SealedRecord::sourceKey, Function.identity()));
        return sources.facts(releaseId).stream()
                .filter(fact -> wholeOnly ? reader.seesWhole(fact) : reader.sees(fact))
                .map(fact -> reader.entry(fact, sealed.get(fact.sourceKey())))
                .toList();
    }

    /** Writes the entries as the CSV export's rows. */
    static void csv(List<AuditEntry> entries, SpreadsheetSafeCsv out) {
        entries.forEach(entry -> out.row(csvRow(entry)));
        out.flush();
    }

    private static Object[] csvRow(AuditEntry e) {
        return new Object[] {e.seq(), e.decidedAt(), e.kind(), e.stage(), e.decision(), e.scope(), e.supplierCode(),
                e.cspRegion(), e.hubCount(), e.effectiveAt(), e.decidedBy(), e.actorRole(), e.comment(), e.hash(),
                e.prevHash()};
    }

    /** The calling actor as a reader of audit trails. */
    AuditReader reader() {
        boolean dcc = actor.isIn(Actors.DCC);
        List<String> groups = actor.groups();
        Set<String> ownUsers = new HashSet<>();
        if (!groups.isEmpty()) {
            ownUsers.addAll(jdbc.queryForList("SELECT USER_ID_ FROM ACT_ID_MEMBERSHIP WHERE GROUP_ID_ IN ("
                    + String.join(",", groups.stream().map(group -> "?").toList()) + ")", String.class, groups.toArray()));
        }
        ownUsers.add(actor.userId());
        return new AuditReader(dcc, dcc ? null : actor.supplierCode().orElse(null),
                dcc ? null : actor.cspRegion().map(Enum::name).orElse(null), ownUsers);
    }
}
