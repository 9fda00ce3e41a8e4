package uk.co.dcc.chfirmware.release;

import java.sql.Timestamp;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the forms of a release's tasks show, read from the release's rows: the release itself, counts of its variant's
 * comms hubs, and the decisions taken so far with who took them and when. Each task's listener puts what its actor may
 * see into the task's own variables; no user but DCC reads anything else of the process (EngineAccessGuard).
 */
@Component
public class ReleaseTaskViews {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm z", Locale.UK)
            .withZone(ZoneId.of("Europe/London"));

    private final JdbcTemplate jdbc;
    private final ReleaseService releases;

    public ReleaseTaskViews(JdbcTemplate jdbc, ReleaseService releases) {
        this.jdbc = jdbc;
        this.releases = releases;
    }

    /** The release as every actor's form shows it: label, variant, firmware, type, image digest and notes. */
    public Map<String, Object> release(long releaseId) {
        ReleaseView release = releases.find(releaseId).orElseThrow(() -> new ReleaseNotFoundException(releaseId));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put(ReleaseVariables.RELEASE_LABEL, releases.label(releaseId));
        view.put(ReleaseVariables.VARIANT_NAME, release.variantName());
        view.put(ReleaseVariables.FIRMWARE_VERSION, release.firmwareVersion());
        view.put(ReleaseVariables.RELEASE_TYPE, Labels.releaseType(release.releaseType()));
        view.put(ReleaseVariables.IMAGE_SHA256, release.imageSha256());
        view.put(ReleaseVariables.RELEASE_NOTES, jdbc.queryForObject("SELECT release_notes FROM firmware_release WHERE id = ?",
                String.class, releaseId));
        return view;
    }

    /** How many comms hubs of the release's variant there are, in one CSP region or (region null) in the estate. */
    public long hubsOnVariant(long releaseId, String cspRegion) {
        Long count = cspRegion == null
                ? jdbc.queryForObject("""
                        SELECT COUNT(*) FROM comms_hub h JOIN firmware_release r ON r.variant_id = h.variant_id
                        WHERE r.id = ?""", Long.class, releaseId)
                : jdbc.queryForObject("""
                        SELECT COUNT(*) FROM comms_hub h JOIN firmware_release r ON r.variant_id = h.variant_id
                        WHERE r.id = ? AND h.csp_region = ?""", Long.class, releaseId, cspRegion);
        return count == null ? 0 : count;
    }

    /** How many suppliers are responsible for comms hubs of the release's variant. */
    public long suppliersOnVariant(long releaseId) {
        Long count = jdbc.queryForObject("""
                SELECT COUNT(*) FROM supplier s WHERE EXISTS (
                  SELECT 1 FROM comms_hub h JOIN firmware_release r ON r.variant_id = h.variant_id
                  WHERE r.id = ? AND (h.electricity_supplier = s.code OR h.gas_supplier = s.code))""", Long.class, releaseId);
        return count == null ? 0 : count;
    }

    /**
     * The decisions taken on the release so far, one line each, oldest first, with who took them and when: shown
     * read-only on DCC's and DCC Testing's forms, never in a field the form submits.
     */
    public String decisionsSoFar(long releaseId) {
        List<String> lines = jdbc.query("""
                SELECT stage, decision, comment, decided_by, decided_at FROM release_decision
                WHERE release_id = ? ORDER BY decided_at, id""",
                (rs, row) -> describe(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5)),
                releaseId);
        return lines.isEmpty() ? "None yet." : String.join("\n", lines);
    }

    private static String describe(String stage, String decision, String comment, String decidedBy, Timestamp decidedAt) {
        return capitalised(Labels.stage(stage)) + (stage.startsWith("CSP_APPROVAL_") ? " (" + network(stage) + ")" : "") + ": " + decision.toLowerCase(Locale.UK).replace('_', ' ') + " by " + decidedBy + " on "
                + SHOWN.format(decidedAt.toInstant()) + (comment == null ? "" : " (\"" + comment + "\")");
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String network(String stage) {
        String region = stage.substring("CSP_APPROVAL_".length());
        return java.util.Arrays.stream(uk.co.dcc.chfirmware.shared.CspRegion.values())
                .filter(known -> known.name().equals(region)).map(known -> known.label() + " network").findFirst().orElse(region);
    }
}
