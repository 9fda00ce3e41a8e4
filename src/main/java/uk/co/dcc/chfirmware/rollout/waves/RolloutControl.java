package uk.co.dcc.chfirmware.rollout.waves;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.Supplier;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.runtime.Execution;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.co.dcc.chfirmware.estate.EstateUpdatedEvent;
import uk.co.dcc.chfirmware.flags.FlagsChangedEvent;
import uk.co.dcc.chfirmware.release.ReleaseClosedEvent;
import uk.co.dcc.chfirmware.release.ReleaseNotices;
import uk.co.dcc.chfirmware.release.ReleaseNotFoundException;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.release.ReleaseStatus;
import uk.co.dcc.chfirmware.release.ReleaseVariables;
import uk.co.dcc.chfirmware.release.ReleaseView;
import uk.co.dcc.chfirmware.rollout.RolloutNotActiveException;
import uk.co.dcc.chfirmware.rollout.RolloutProperties;
import uk.co.dcc.chfirmware.rollout.batches.BatchProcesses;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * Pause, resume and stop of a release's rollout (R18), by DCC for the whole release or by a CSP for its own
 * region; each is written to rollout_event with who and why. A pause holds back every publication (the next wave,
 * a supplier's pilot batches, the early upgrades during the pilot) and suspends the release's open batches that no CSP has fetched, so that they cannot
 * be fetched; a resume reactivates them and wakes a waiting rollout or pilot; a stop interrupts the mass rollout,
 * which cancels the open batches.
 */
@Service
public class RolloutControl {

    public static final String MESSAGE_RESUMED = "RolloutResumed";
    public static final String MESSAGE_STOPPED = "RolloutStopped";
    public static final String MESSAGE_ESTATE_UPDATED = "EstateUpdated";
    public static final String MESSAGE_RETRY_REQUESTED = "RetryRequested";
    /** Every supplier's pilot has ended: the early upgrades of the pilot stage stop publishing (R15, R39). */
    public static final String MESSAGE_PILOTS_DONE = "PilotsDone";
    private static final String DECIDE_ON_PAUSE = "UserTask_DecideOnPausedRollout";
    private static final String REVIEW_NOT_UPGRADED = "UserTask_ReviewUnupgradedHubs";
    private static final Set<String> CLOSED = Set.of(ReleaseStatus.ROLLED_OUT.name(), ReleaseStatus.REJECTED.name(),
            ReleaseStatus.WITHDRAWN.name(), ReleaseStatus.STOPPED.name());

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ReleaseService releases;
    private final RuntimeService runtime;
    private final ExternalTaskService externalTasks;
    private final TaskService tasks;
    private final RolloutProperties properties;

    private final IdentityService identity;
    private final ReleaseNotices notices;

    public RolloutControl(JdbcTemplate jdbc, Clock clock, ReleaseService releases, RuntimeService runtime,
                          ExternalTaskService externalTasks, TaskService tasks, IdentityService identity,
                          RolloutProperties properties, ReleaseNotices notices) {
        this.identity = identity;
        this.notices = notices;
        this.jdbc = jdbc;
        this.clock = clock;
        this.releases = releases;
        this.runtime = runtime;
        this.externalTasks = externalTasks;
        this.tasks = tasks;
        this.properties = properties;
    }

    /** The release's rollout state; RUNNING until anyone paused or stopped it. */
    public RolloutState state(long releaseId) {
        return jdbc.queryForList("SELECT status FROM rollout_control WHERE release_id = ?", String.class, releaseId).stream()
                .findFirst().map(RolloutState::valueOf).orElse(RolloutState.RUNNING);
    }

    public Set<CspRegion> pausedRegions(long releaseId) {
        return jdbc.queryForList("SELECT csp_region FROM rollout_region_pause WHERE release_id = ?", String.class, releaseId)
                .stream().map(CspRegion::valueOf).collect(Collectors.toSet());
    }

    /** How long a waiting rollout waits before it looks again for hubs to publish: the timer of the wait. */
    public String recheckInterval() {
        return properties.waves().recheckInterval().toString();
    }

    /** DCC pauses the release's rollout. */
    @Transactional
    public void pause(long releaseId, String reason, String actor) {
        requireRunningRelease(releaseId);
        setState(releaseId, RolloutState.PAUSED);
        record(releaseId, "PAUSED", null, reason, actor);
        asSystem(() -> suspendOpenBatches(releaseId, null));
    }

    /** DCC resumes the release's rollout: the open batches of regions not paused by their CSP come back. */
    @Transactional
    public void resume(long releaseId, String reason, String actor) {
        ReleaseView release = requireRunningRelease(releaseId);
        if (awaitsDecisionOnPause(release)) {
            throw new RolloutNotActiveException("The rollout of release " + releaseId + " paused itself when a wave crossed its "
                    + "threshold: DCC decides in Tasklist, task 'Decide on paused rollout' (resume, extend or stop)");
        }
        setState(releaseId, RolloutState.RUNNING);
        record(releaseId, "RESUMED", null, reason, actor);
        Set<CspRegion> paused = pausedRegions(releaseId);
        asSystem(() -> {
            for (CspRegion region : CspRegion.values()) {
                if (!paused.contains(region)) {
                    activateBatches(releaseId, region);
                }
            }
            wake(releaseId, MESSAGE_RESUMED);
        });
    }

    /** Whether the release waits for DCC's decision on a rollout that paused itself (a task, with the wave's figures). */
    private boolean awaitsDecisionOnPause(ReleaseView release) {
        return awaitsTask(release, DECIDE_ON_PAUSE);
    }

    /** Whether nothing is left to publish and the release waits for DCC's review of the hubs not upgraded (a task). */
    boolean awaitsReviewOfHubsNotUpgraded(ReleaseView release) {
        return awaitsTask(release, REVIEW_NOT_UPGRADED);
    }

    private boolean awaitsTask(ReleaseView release, String taskDefinitionKey) {
        return release.processInstanceId() != null && asSystem(() -> tasks.createTaskQuery()
                .processInstanceId(release.processInstanceId()).taskDefinitionKey(taskDefinitionKey).count() > 0);
    }

    /** The wave crossed a threshold: the rollout pauses by itself until DCC decides. */
    void pauseForThreshold(long releaseId, String figures) {
        setState(releaseId, RolloutState.PAUSED);
        record(releaseId, "AUTO_PAUSED", null, figures, null);
    }

    /** DCC's decision on the paused rollout: RESUME, EXTEND (repeat the last wave's size) or STOP. */
    @Transactional
    public void decideOnPause(long releaseId, String decision, String comment, String actor) {
        switch (decision) {
            case "RESUME", "EXTEND" -> {
                setState(releaseId, RolloutState.RUNNING);
                if ("EXTEND".equals(decision)) {
                    jdbc.update("""
                            UPDATE rollout_control SET next_wave_size = (SELECT MAX(planned_size) FROM rollout_wave w
                                WHERE w.release_id = ? AND w.wave_no = (SELECT MAX(wave_no) FROM rollout_wave x WHERE x.release_id = ?))
                            WHERE release_id = ?""", releaseId, releaseId, releaseId);
                }
                record(releaseId, decision.equals("EXTEND") ? "EXTENDED" : "RESUMED", null, comment, actor);
                asSystem(() -> activateBatches(releaseId, null));
            }
            case "STOP" -> record(releaseId, "STOPPED", null, comment, actor);
            default -> throw new IllegalArgumentException("rolloutDecision: must be RESUME, EXTEND or STOP, was " + decision);
        }
    }

    /** DCC stops the rollout: the mass rollout is interrupted, its open batches cancelled, the release ends STOPPED. */
    @Transactional
    public void stop(long releaseId, String reason, String actor) {
        ReleaseView release = requireRunningRelease(releaseId);
        if (!ReleaseStatus.MASS_ROLLOUT.name().equals(release.status())) {
            throw new RolloutNotActiveException("Release " + releaseId + " is not in mass rollout (" + release.status()
                    + "); withdraw it instead");
        }
        record(releaseId, "STOPPED", null, reason, actor);
        asSystem(() -> runtime.createMessageCorrelation(MESSAGE_STOPPED).processInstanceId(release.processInstanceId())
                .correlateAll());
    }

    /** Ends the stopped rollout: open batches and the running wave cancelled, the release closed as STOPPED. */
    @Transactional
    public void closeStopped(long releaseId) {
        endRollout(releaseId);
        String reason = jdbc.queryForList("""
                SELECT detail FROM rollout_event WHERE release_id = ? AND action = 'STOPPED' ORDER BY id DESC""",
                String.class, releaseId).stream().findFirst().orElse(null);
        releases.close(releaseId, ReleaseStatus.STOPPED, "MASS_ROLLOUT", reason);
    }

    /** A withdrawn release's rollout ends as a stopped one does (its open batches are cancelled with the release). */
    @EventListener
    public void onReleaseClosed(ReleaseClosedEvent closed) {
        if (closed.status() == ReleaseStatus.WITHDRAWN) {
            endRollout(closed.releaseId());
        }
    }

    private void endRollout(long releaseId) {
        setState(releaseId, RolloutState.STOPPED);
        jdbc.update("UPDATE rollout_wave SET status = 'CANCELLED' WHERE release_id = ? AND status = 'RUNNING'", releaseId);
    }

    /** A CSP pauses the release's rollout in its own region. */
    @Transactional
    public void pauseRegion(long releaseId, CspRegion region, String reason, String actor) {
        requireRunningRelease(releaseId);
        if (jdbc.update("""
                INSERT INTO rollout_region_pause (release_id, csp_region, paused_by, paused_at)
                SELECT r.id, CAST(? AS VARCHAR(16)), CAST(? AS VARCHAR(64)), CAST(? AS TIMESTAMP) FROM firmware_release r
                WHERE r.id = ?
                AND NOT EXISTS (SELECT 1 FROM rollout_region_pause p WHERE p.release_id = r.id AND p.csp_region = ?)""",
                region.name(), actor, now(), releaseId, region.name()) > 0) {
            record(releaseId, "REGION_PAUSED", region, reason, actor);
        }
        asSystem(() -> suspendOpenBatches(releaseId, region));
    }

    /** A CSP resumes its region; its batches come back unless DCC has paused the whole rollout. */
    @Transactional
    public void resumeRegion(long releaseId, CspRegion region, String reason, String actor) {
        requireRunningRelease(releaseId);
        jdbc.update("DELETE FROM rollout_region_pause WHERE release_id = ? AND csp_region = ?", releaseId, region.name());
        record(releaseId, "REGION_RESUMED", region, reason, actor);
        if (state(releaseId) == RolloutState.RUNNING) {
            asSystem(() -> {
                activateBatches(releaseId, region);
                wake(releaseId, MESSAGE_RESUMED);
            });
        }
    }

    /**
     * Suspends the open batches of every paused rollout and paused region that no CSP holds a lock on now: batches
     * whose CSP's lock expired during the pause, and any that started meanwhile. {@link PausedBatchGuard} runs this
     * before the engine hands out an external task. Returns how many batch instances it suspended.
     */
    public int suspendUnheldBatchesOfPausedRollouts() {
        List<java.util.Map<String, Object>> paused = jdbc.queryForList("""
                SELECT c.release_id, CAST(NULL AS VARCHAR(16)) AS csp_region FROM rollout_control c
                JOIN firmware_release r ON r.id = c.release_id
                WHERE c.status = 'PAUSED' AND r.status IN ('PILOT', 'MASS_ROLLOUT')
                UNION ALL
                SELECT p.release_id, p.csp_region FROM rollout_region_pause p JOIN firmware_release r ON r.id = p.release_id
                WHERE r.status IN ('PILOT', 'MASS_ROLLOUT')""");
        int suspended = 0;
        for (java.util.Map<String, Object> scope : paused) {
            long releaseId = ((Number) scope.get("release_id")).longValue();
            CspRegion region = scope.get("csp_region") == null ? null : CspRegion.valueOf((String) scope.get("csp_region"));
            suspended += asSystem(() -> suspendOpenBatches(releaseId, region));
        }
        return suspended;
    }

    /** The estate changed (an import): every rollout waiting for hubs to become publishable looks again. */
    @EventListener(EstateUpdatedEvent.class)
    public void estateUpdated() {
        wakeEveryRollout();
    }

    /** A flag was raised, lowered or its suspension changed (R30): every rollout waiting for hubs looks again. */
    @EventListener(FlagsChangedEvent.class)
    public void flagsChanged() {
        wakeEveryRollout();
    }

    /** Every rollout and pilot waiting for hubs it may publish looks again (the estate or a CSP's hourly cap changed). */
    void wakeEveryRollout() {
        asSystem(() -> runtime.createMessageCorrelation(MESSAGE_ESTATE_UPDATED).correlateAll());
    }

    void record(long releaseId, String action, CspRegion region, String detail, String actor) {
        jdbc.update("INSERT INTO rollout_event (release_id, action, csp_region, detail, actor, at) VALUES (?, ?, ?, ?, ?, ?)",
                releaseId, action, region == null ? null : region.name(), truncate(detail), actor, now());
        switch (action) {
            case "PAUSED" -> notices.paused(releaseId, null, "DCC");
            case "AUTO_PAUSED" -> notices.paused(releaseId, null, "itself (a wave crossed its threshold), until DCC decides");
            case "REGION_PAUSED" -> notices.paused(releaseId, region, "the CSP");
            case "RESUMED", "EXTENDED" -> notices.resumed(releaseId, null);
            case "REGION_RESUMED" -> notices.resumed(releaseId, region);
            default -> {
            }
        }
    }

    public List<java.util.Map<String, Object>> events(long releaseId) {
        return jdbc.queryForList("""
                SELECT action AS "action", csp_region AS "cspRegion", detail AS "detail", actor AS "actor", at AS "at"
                FROM rollout_event WHERE release_id = ? ORDER BY id""", releaseId);
    }

    public ReleaseView requireKnownRelease(long releaseId) {
        return releases.find(releaseId).orElseThrow(() -> new ReleaseNotFoundException(releaseId));
    }

    /** The release's running instance; a closed or unknown release is refused. */
    ReleaseView requireRunningRelease(long releaseId) {
        ReleaseView release = releases.find(releaseId).orElseThrow(() -> new ReleaseNotFoundException(releaseId));
        if (release.processInstanceId() == null || CLOSED.contains(release.status())) {
            throw new RolloutNotActiveException("Release " + releaseId + " has ended (" + release.status() + ")");
        }
        return release;
    }

    void ensureControl(long releaseId) {
        jdbc.update("""
                INSERT INTO rollout_control (release_id, status) SELECT r.id, 'RUNNING' FROM firmware_release r
                WHERE r.id = ? AND NOT EXISTS (SELECT 1 FROM rollout_control c WHERE c.release_id = r.id)""", releaseId);
    }

    private void setState(long releaseId, RolloutState state) {
        ensureControl(releaseId);
        jdbc.update("UPDATE rollout_control SET status = ? WHERE release_id = ?", state.name(), releaseId);
    }

    /**
     * Wakes whatever of the release waits for the message: its mass rollout, its suppliers' pilots. It runs without the
     * caller's engine authorizations ({@link #asSystem}): the caller was checked by the API.
     */
    void wake(long releaseId, String message) {
        asSystem(() -> runtime.createMessageCorrelation(message)
                .processInstanceVariableEquals(ReleaseVariables.RELEASE_ID, releaseId).correlateAll());
    }

    /** The batch process instances of the release (all regions, or one), running or suspended. */
    List<ProcessInstance> batchInstances(long releaseId, CspRegion region) {
        List<ProcessInstance> instances = new ArrayList<>();
        for (CspRegion each : CspRegion.values()) {
            if (region == null || region == each) {
                instances.addAll(runtime.createProcessInstanceQuery().processDefinitionKey(each.batchProcessKey())
                        .variableValueEquals(ReleaseVariables.RELEASE_ID, releaseId).list());
            }
        }
        return instances;
    }

    /** Whether a CSP holds the lock on the batch instance's external task. */
    boolean isLocked(String batchInstanceId) {
        return externalTasks.createExternalTaskQuery().processInstanceId(batchInstanceId).locked().count() > 0;
    }

    /**
     * Suspends the open batches no CSP holds a lock on, so that none can fetch them; a batch being worked on is left to
     * finish (Camunda refuses complete, failure, BPMN error and extendLock on a suspended external task). Returns how
     * many it suspended.
     */
    private int suspendOpenBatches(long releaseId, CspRegion region) {
        List<String> ids = batchInstances(releaseId, region).stream().filter(instance -> !instance.isSuspended())
                .map(ProcessInstance::getId).toList();
        if (ids.isEmpty()) {
            return 0;
        }
        Set<String> locked = externalTasks.createExternalTaskQuery().processInstanceIdIn(ids.toArray(String[]::new)).locked()
                .list().stream().map(ExternalTask::getProcessInstanceId).collect(Collectors.toSet());
        Set<String> closing = closingBatches(ids);
        List<String> unlocked = ids.stream().filter(id -> !locked.contains(id) && !closing.contains(id)).toList();
        if (!unlocked.isEmpty()) {
            runtime.updateProcessInstanceSuspensionState().byProcessInstanceIds(unlocked).suspend();
        }
        return unlocked.size();
    }

    /**
     * Of the batch instances, those whose CSP has finished with them (completed or rejected the external task) and that
     * are being closed: a pause holds back what has not started, never the record of what a CSP has done, so these are
     * left to close (issue 14: suspending them kept a completed batch PUBLISHED until the resume).
     */
    private Set<String> closingBatches(List<String> instanceIds) {
        Set<String> wanted = Set.copyOf(instanceIds);
        Set<String> closing = new java.util.HashSet<>();
        for (String activity : BatchProcesses.CLOSING_ACTIVITIES) {
            runtime.createExecutionQuery().activityId(activity).list().stream().map(Execution::getProcessInstanceId)
                    .filter(wanted::contains).forEach(closing::add);
        }
        return closing;
    }

    private void activateBatches(long releaseId, CspRegion region) {
        List<String> suspended = batchInstances(releaseId, region).stream().filter(ProcessInstance::isSuspended)
                .map(ProcessInstance::getId).toList();
        if (!suspended.isEmpty()) {
            runtime.updateProcessInstanceSuspensionState().byProcessInstanceIds(suspended).activate();
        }
    }

    /**
     * Runs engine work of the rollout itself (suspending batches, waking the release) without the caller's
     * engine authorizations: the caller was checked by the API, and a CSP must be able to pause its region
     * without rights on the release's instance.
     */
    <T> T asSystem(Supplier<T> work) {
        Authentication caller = identity.getCurrentAuthentication();
        identity.clearAuthentication();
        try {
            return work.get();
        } finally {
            if (caller != null) {
                identity.setAuthentication(caller);
            }
        }
    }

    private void asSystem(Runnable work) {
        asSystem(() -> {
            work.run();
            return null;
        });
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 2000 ? text : text.substring(0, 2000);
    }
}
