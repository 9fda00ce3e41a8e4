package uk.co.dcc.chfirmware.insight.evidence;

import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.release.ReleaseClosedEvent;
import uk.co.dcc.chfirmware.release.ReleasePhaseStartedEvent;
import uk.co.dcc.chfirmware.release.ReleaseStatus;

/**
 * Keeps when each release entered each phase ({@code release_phase}, R38), in the transaction that moved it: registered,
 * on the production CPL, pilot, mass rollout and the status it ended with, with the number of suppliers responsible for
 * comms hubs of its variant at that moment (the suppliers asked for feedback and for the pilot). The product's own record,
 * so the time in each stage outlives the engine's history cleanup. A phase is recorded once, when it first began.
 */
@Component
class ReleasePhases {

    private static final String RECORD = """
            INSERT INTO release_phase (release_id, phase, started_at, suppliers_with_hubs)
            SELECT r.id, ?, ?, (SELECT COUNT(*) FROM supplier s WHERE EXISTS (
                     SELECT 1 FROM comms_hub h WHERE h.variant_id = r.variant_id
                     AND (h.electricity_supplier = s.code OR h.gas_supplier = s.code)))
            FROM firmware_release r
            WHERE r.id = ? AND r.firmware_version IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM release_phase p WHERE p.release_id = r.id AND p.phase = ?)""";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    ReleasePhases(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @EventListener
    void phaseStarted(ReleasePhaseStartedEvent event) {
        record(event.releaseId(), event.status());
    }

    @EventListener
    void ended(ReleaseClosedEvent event) {
        record(event.releaseId(), event.status());
    }

    private void record(long releaseId, ReleaseStatus phase) {
        jdbc.update(RECORD, phase.name(), Timestamp.from(clock.instant()), releaseId, phase.name());
    }
}
