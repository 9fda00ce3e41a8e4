package uk.co.dcc.chfirmware.approval;

import java.sql.Timestamp;
import java.time.Clock;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.release.ReleaseInstances;

/**
 * Which release and which supplier a {@code supplier-participation} instance works for: bound in the database when
 * the release process starts the instance for a supplier ({@link BindParticipationListener}), and read back by every
 * delegate and listener of the instance, so that nothing the instance does depends on a variable.
 */
@Component
public class ParticipationInstances {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ReleaseInstances releases;

    public ParticipationInstances(JdbcTemplate jdbc, Clock clock, ReleaseInstances releases) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.releases = releases;
    }

    /** The release and supplier of a participation instance. */
    public record Participation(long releaseId, String supplierCode) {
    }

    /**
     * Binds the instance that has just started: its release is its caller's, its supplier the one the release process
     * started it for (the multi-instance element the engine took from {@link Participants}, before any user could act).
     */
    void bind(DelegateExecution start, String supplierCode) {
        long releaseId = releases.releaseIdOf(start);
        jdbc.update("""
                INSERT INTO participation_instance (process_instance_id, release_id, supplier_code, started_at)
                VALUES (?, ?, ?, ?)""", start.getProcessInstanceId(), releaseId, supplierCode, Timestamp.from(clock.instant()));
    }

    public Participation of(DelegateExecution execution) {
        String instance = execution.getProcessInstanceId();
        return jdbc.query("SELECT release_id, supplier_code FROM participation_instance WHERE process_instance_id = ?",
                        (rs, row) -> new Participation(rs.getLong(1), rs.getString(2)), instance)
                .stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("Process instance " + instance + " is no supplier's participation"));
    }

    public Participation of(DelegateTask task) {
        return of(task.getExecution());
    }
}
