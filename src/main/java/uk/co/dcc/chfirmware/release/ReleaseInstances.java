package uk.co.dcc.chfirmware.release;

import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which release a process instance works on, from the database row bound to the release's process instance at
 * registration ({@code firmware_release.process_instance_id}), never from a variable: a called instance (a
 * supplier's participation, a batch) belongs to the release whose instance called it. Every delegate and listener
 * takes its release id from here (ARCHITECTURE.md: ids come from the business key or the database, never from a
 * variable a user could have written).
 */
@Component
public class ReleaseInstances {

    private final JdbcTemplate jdbc;

    public ReleaseInstances(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public long releaseIdOf(DelegateExecution execution) {
        return findReleaseIdOf(execution).orElseThrow(() -> new IllegalStateException("Process instance "
                + rootInstanceId(execution) + " runs no registered release"));
    }

    /** The release, if the instance got as far as registering one (an invalid registration registers none). */
    public Optional<Long> findReleaseIdOf(DelegateExecution execution) {
        return jdbc.queryForList("SELECT id FROM firmware_release WHERE process_instance_id = ?", Long.class,
                rootInstanceId(execution)).stream().findFirst();
    }

    public long releaseIdOf(DelegateTask task) {
        return releaseIdOf(task.getExecution());
    }

    /** The release process instance at the top of the execution's call hierarchy. */
    public static String rootInstanceId(DelegateExecution execution) {
        DelegateExecution instance = execution.getProcessInstance();
        while (instance.getSuperExecution() != null) {
            instance = instance.getSuperExecution().getProcessInstance();
        }
        return instance.getId();
    }
}
