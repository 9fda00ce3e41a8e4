package uk.co.dcc.chfirmware.release;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.co.dcc.chfirmware.estate.ledger.EstateCounts;
import uk.co.dcc.chfirmware.notification.NotificationKind;
import uk.co.dcc.chfirmware.notification.NotificationService;
import uk.co.dcc.chfirmware.security.Actors;

/** Firmware releases, their audit trail of decisions (R35) and the production CPL (R7). */
@Service
public class ReleaseService {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final String VIEW = """
            SELECT r.id, r.variant_id, v.manufacturer, v.model, v.hardware_version,
                   COALESCE(r.firmware_version, r.refused_version) AS firmware_version, r.release_type,
                   r.image_sha256, r.status, r.process_instance_id, r.registered_by, r.registered_at,
                   r.closed_stage, r.closed_reason
            FROM firmware_release r LEFT JOIN ch_variant v ON v.id = r.variant_id""";
    private static final String ENDED = Arrays.stream(ReleaseStatus.values()).filter(ReleaseStatus::hasEnded)
            .map(status -> "'" + status.name() + "'").collect(Collectors.joining(", "));

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final NotificationService notifications;
    private final EstateCounts counts;

    public ReleaseService(JdbcTemplate jdbc, Clock clock, ApplicationEventPublisher events,
                          NotificationService notifications, EstateCounts counts) {
        this.counts = counts;
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
        this.notifications = notifications;
    }

    /**
     * Registers a release (R1); every field is checked ({@link ReleaseRegistration#checkFields}, then the variant and
     * the version against the database) and the first problem is reported by name. The
     * checks run before anything is written, so a refusal leaves the surrounding transaction usable.
     */
    @Transactional(noRollbackFor = InvalidReleaseException.class)
    public RegisteredRelease register(ReleaseRegistration release, String registeredBy, String processInstanceId) {
        release.checkFields();
        List<Map<String, Object>> variants = jdbc.queryForList(
                "SELECT manufacturer, model, hardware_version, maturity FROM ch_variant WHERE id = ?", release.variantId());
        if (variants.isEmpty()) {
            throw new InvalidReleaseException("variantId: no CH variant with id " + release.variantId());
        }
        Map<String, Object> variant = variants.get(0);
        String variantName = variant.get("manufacturer") + " " + variant.get("model") + " hw " + variant.get("hardware_version");
        Long existing = jdbc.queryForObject("SELECT COUNT(*) FROM firmware_release WHERE variant_id = ? AND firmware_version = ?",
                Long.class, release.variantId(), release.firmwareVersion());
        if (existing != null && existing > 0) {
            throw new InvalidReleaseException("firmwareVersion: " + variantName + " already has a release "
                    + release.firmwareVersion());
        }
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
                PreparedStatement ps = connection.prepareStatement("""
                        INSERT INTO firmware_release (variant_id, firmware_version, release_type, release_notes, image_sha256,
                                                      status, process_instance_id, registered_by, registered_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", new String[] {"id"});
                ps.setLong(1, release.variantId());
                ps.setString(2, release.firmwareVersion());
                ps.setString(3, release.type());
                ps.setString(4, release.releaseNotes());
                ps.setString(5, release.imageSha256().toLowerCase());
                ps.setString(6, ReleaseStatus.IN_APPROVAL.name());
                ps.setString(7, processInstanceId);
                ps.setString(8, registeredBy);
                ps.setTimestamp(9, Timestamp.from(clock.instant()));
                return ps;
            }, key);
        long releaseId = key.getKey().longValue();
        counts.opened(releaseId); // a supplier's prerequisite holds hubs of it from the start (AWAITING_PREREQUISITE)
        Long hubs = jdbc.queryForObject("SELECT COUNT(*) FROM comms_hub WHERE variant_id = ?", Long.class, release.variantId());
        Long suppliers = jdbc.queryForObject("""
                SELECT COUNT(*) FROM supplier s WHERE EXISTS (
                  SELECT 1 FROM comms_hub h WHERE h.variant_id = ? AND (h.electricity_supplier = s.code OR h.gas_supplier = s.code))""",
                Long.class, release.variantId());
        String label = variant.get("model") + " hw " + variant.get("hardware_version") + " firmware " + release.firmwareVersion();
        events.publishEvent(new ReleasePhaseStartedEvent(releaseId, ReleaseStatus.IN_APPROVAL));
        return new RegisteredRelease(releaseId, label, variantName, (String) variant.get("maturity"), hubs, suppliers);
    }

    /** Moves an open release to another phase, and tells the modules that act when a phase begins. */
    public void updateStatus(long releaseId, ReleaseStatus status) {
        jdbc.update("UPDATE firmware_release SET status = ? WHERE id = ?", status.name(), releaseId);
        events.publishEvent(new ReleasePhaseStartedEvent(releaseId, status));
    }

    /**
     * Ends a release as rejected, withdrawn, stopped or rolled out, with the stage and reason shown to every actor. A
     * release ends once: one that has ended already stays as it ended, and this returns false.
     */
    public boolean close(long releaseId, ReleaseStatus status, String stage, String reason) {
        if (jdbc.update("UPDATE firmware_release SET status = ?, closed_stage = ?, closed_reason = ?, closed_at = ? "
                        + "WHERE id = ? AND status NOT IN (" + ENDED + ")",
                status.name(), stage, truncate(reason, 2000), Timestamp.from(clock.instant()), releaseId) == 0) {
            return false;
        }
        events.publishEvent(new ReleaseClosedEvent(releaseId, status));
        return true;
    }

    /**
     * Keeps a registration that was refused as a release REJECTED at stage REGISTRATION, with the reason, so that every
     * actor sees it in the release list, and tells its starter (or DCC, when nobody is known to have started it). What
     * was submitted is kept as far as it is valid; the firmware version as {@code refused_version}, so that it neither
     * collides with a release it duplicates nor stops the version being registered later.
     */
    @Transactional
    public RefusedRegistration refuse(ReleaseRegistration submitted, String reason, String startedBy, String processInstanceId) {
        List<Map<String, Object>> variants = submitted.variantId() == null ? List.of() : jdbc.queryForList(
                "SELECT model, hardware_version FROM ch_variant WHERE id = ?", submitted.variantId());
        Long variantId = variants.isEmpty() ? null : submitted.variantId();
        String version = printable(submitted.firmwareVersion(), 32);
        String type = "STANDARD".equals(submitted.releaseType()) || "SECURITY_FIX".equals(submitted.releaseType())
                ? submitted.releaseType() : null;
        String sha = submitted.imageSha256() != null && SHA256.matcher(submitted.imageSha256()).matches()
                ? submitted.imageSha256().toLowerCase() : null;
        String why = printable(reason, 2000);
        Timestamp now = Timestamp.from(clock.instant());
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement ps = connection.prepareStatement("""
                    INSERT INTO firmware_release (variant_id, refused_version, release_type, release_notes, image_sha256,
                                                  status, process_instance_id, registered_by, registered_at,
                                                  closed_stage, closed_reason, closed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", new String[] {"id"});
            ps.setObject(1, variantId);
            ps.setString(2, version);
            ps.setString(3, type);
            ps.setString(4, printable(submitted.releaseNotes(), 4000));
            ps.setString(5, sha);
            ps.setString(6, ReleaseStatus.REJECTED.name());
            ps.setString(7, processInstanceId);
            ps.setString(8, printable(startedBy, 64));
            ps.setTimestamp(9, now);
            ps.setString(10, ReleaseStage.REGISTRATION.name());
            ps.setString(11, why);
            ps.setTimestamp(12, now);
            return ps;
        }, key);
        long releaseId = key.getKey().longValue();
        String label = (variants.isEmpty() ? "release " + releaseId
                : variants.get(0).get("model") + " hw " + variants.get(0).get("hardware_version"))
                + (version == null ? "" : " firmware " + version);
        notifications.notifyUser(startedBy, Actors.DCC, NotificationKind.REGISTRATION_REFUSED, releaseId,
                printable("Your registration of " + label + " was refused, nothing was registered: " + why, 1000));
        events.publishEvent(new ReleaseClosedEvent(releaseId, ReleaseStatus.REJECTED));
        return new RefusedRegistration(releaseId, label);
    }

    /** Keeps the policy decided for the release (R24), so later steps read it from the release, not from variables. */
    public void recordPolicy(long releaseId, RolloutPolicy policy) {
        jdbc.update("""
                UPDATE firmware_release SET customer_testing_required = ?, pilot_required = ?, feedback_window = ?,
                       assessment_window = ?, pilot_cap_per_supplier = ?, approval_cutoff = ?,
                       pilot_choice_window = ? WHERE id = ?""",
                policy.customerTestingRequired(), policy.pilotRequired(), policy.feedbackWindow(), policy.assessmentWindow(),
                policy.pilotCapPerSupplier(), policy.approvalCutoff(), policy.pilotChoiceWindow(), releaseId);
    }

    /**
     * Keeps what the policy was decided from and whether it mandates participation in the pilot (R24): the release keeps
     * both whatever DCC changes later.
     */
    public void recordParticipation(long releaseId, String variantMaturity, boolean participationMandated) {
        jdbc.update("UPDATE firmware_release SET variant_maturity = ?, participation_mandated = ? WHERE id = ?",
                variantMaturity, participationMandated, releaseId);
    }

    /** Whether the release's policy mandates participation in the pilot (R24): a supplier then cannot opt out. */
    public boolean participationMandated(long releaseId) {
        return jdbc.queryForList("SELECT participation_mandated FROM firmware_release WHERE id = ?", Boolean.class, releaseId)
                .stream().findFirst().orElseThrow(() -> new ReleaseNotFoundException(releaseId));
    }

    /** The variant maturity the release's policy was decided from (null before its decision). */
    public String policyMaturity(long releaseId) {
        return jdbc.queryForList("SELECT variant_maturity FROM firmware_release WHERE id = ?", String.class, releaseId)
                .stream().findFirst().orElseThrow(() -> new ReleaseNotFoundException(releaseId));
    }

    public RolloutPolicy policy(long releaseId) {
        return jdbc.queryForObject("""
                SELECT customer_testing_required, pilot_required, feedback_window, assessment_window, pilot_cap_per_supplier,
                       approval_cutoff, pilot_choice_window
                FROM firmware_release WHERE id = ?""",
                (rs, row) -> new RolloutPolicy(rs.getBoolean(1), rs.getBoolean(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getString(6), rs.getString(7)),
                releaseId);
    }

    /**
     * Locks the release for the rest of the transaction and returns its status: approvals and the
     * split-supplier join of one release are serialised, so two suppliers approving the two sides of the
     * same hubs at once can neither lose an approval nor miss that a hub became eligible.
     */
    public String lockForApprovals(long releaseId) {
        return jdbc.queryForList("SELECT status FROM firmware_release WHERE id = ? FOR UPDATE", String.class, releaseId)
                .stream().findFirst().orElseThrow(() -> new ReleaseNotFoundException(releaseId));
    }

    /** How the release is named to its actors: variant and firmware version. */
    public String label(long releaseId) {
        return find(releaseId).map(release -> release.variantName() + " firmware " + release.firmwareVersion())
                .orElseThrow(() -> new ReleaseNotFoundException(releaseId));
    }

    /** The process instance that runs the release, if any. */
    public Optional<String> processInstanceOf(long releaseId) {
        return jdbc.queryForList("SELECT process_instance_id FROM firmware_release WHERE id = ?", String.class, releaseId)
                .stream().filter(Objects::nonNull).findFirst();
    }

    /** Appends a decision to the release's audit trail (R35). */
    public void recordDecision(long releaseId, String stage, String decision, String comment, String decidedBy) {
        jdbc.update("""
                INSERT INTO release_decision (release_id, stage, decision, comment, decided_by, decided_at)
                VALUES (?, ?, ?, ?, ?, ?)""", releaseId, stage, decision, truncate(comment, 2000), decidedBy,
                Timestamp.from(clock.instant()));
    }

    /** Adds the release's firmware to the production CPL (R7); adding it again changes nothing. */
    @Transactional
    public void addToProductionCpl(long releaseId) {
        jdbc.update("""
                INSERT INTO production_cpl_entry (variant_id, firmware_version, image_sha256, release_id, added_at)
                SELECT r.variant_id, r.firmware_version, r.image_sha256, r.id, ? FROM firmware_release r
                WHERE r.id = ? AND NOT EXISTS (
                  SELECT 1 FROM production_cpl_entry c WHERE c.variant_id = r.variant_id AND c.firmware_version = r.firmware_version)""",
                Timestamp.from(clock.instant()), releaseId);
        updateStatus(releaseId, ReleaseStatus.ON_PRODUCTION_CPL);
    }

    public boolean onProductionCpl(long releaseId) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM production_cpl_entry WHERE release_id = ?", Long.class, releaseId);
        return count != null && count > 0;
    }

    public Optional<ReleaseView> find(long releaseId) {
        return jdbc.query(VIEW + " WHERE r.id = ?", this::view, releaseId).stream().findFirst();
    }

    public List<ReleaseView> list() {
        return jdbc.query(VIEW + " ORDER BY r.id DESC", this::view);
    }

    /** The release's variant and target firmware version. */
    public ReleaseTarget target(long releaseId) {
        return jdbc.queryForObject("SELECT variant_id, firmware_version FROM firmware_release WHERE id = ?",
                (rs, row) -> new ReleaseTarget(releaseId, rs.getLong(1), rs.getString(2)), releaseId);
    }

    private ReleaseView view(ResultSet rs, int row) throws SQLException {
        return new ReleaseView(rs.getLong("id"), (Long) rs.getObject("variant_id", Long.class),
                rs.getString("model") == null ? null
                        : rs.getString("manufacturer") + " " + rs.getString("model") + " hw " + rs.getString("hardware_version"),
                rs.getString("firmware_version"), rs.getString("release_type"), rs.getString("image_sha256"),
                rs.getString("status"), rs.getString("process_instance_id"), rs.getString("registered_by"),
                rs.getTimestamp("registered_at").toInstant(), rs.getString("closed_stage"), rs.getString("closed_reason"));
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    /** What was submitted, fit to keep and show: without control characters (NUL, CR, LF ...), at most max long. */
    private static String printable(String text, int max) {
        return text == null ? null : truncate(text.replaceAll("\\p{Cntrl}", " "), max);
    }
}
