package uk.co.dcc.chfirmware.approval;

import static uk.co.dcc.chfirmware.approval.ParticipationVariables.DECIDED_BY;
import static uk.co.dcc.chfirmware.approval.ParticipationVariables.INCLUDE_VULNERABLE;
import static uk.co.dcc.chfirmware.approval.ParticipationVariables.PARTICIPATION_CHOICE;
import static uk.co.dcc.chfirmware.approval.ParticipationVariables.PILOT_ASSESSMENT;
import static uk.co.dcc.chfirmware.approval.ParticipationVariables.PILOT_CONFIGURATION_SETS;
import static uk.co.dcc.chfirmware.approval.ParticipationVariables.PILOT_CONSENTING_ONLY;
import static uk.co.dcc.chfirmware.approval.ParticipationVariables.PILOT_EXCLUDE_HIGH_RISK;
import static uk.co.dcc.chfirmware.approval.ParticipationVariables.PILOT_HUB_COUNT;
import static uk.co.dcc.chfirmware.approval.ParticipationVariables.PILOT_INSTALLED_ON_OR_BEFORE;
import static uk.co.dcc.chfirmware.approval.ParticipationVariables.PILOT_REGION;
import static uk.co.dcc.chfirmware.approval.ParticipationVariables.PILOT_SELECTION_CONFIRMED;
import static uk.co.dcc.chfirmware.approval.ParticipationVariables.PROBLEM_REPORT;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.release.ReleaseService;
import uk.co.dcc.chfirmware.security.Actors;
import uk.co.dcc.chfirmware.security.TaskInputRules;
import uk.co.dcc.chfirmware.security.TaskInputs;

/**
 * A supplier's decisions in its participation (R9, R10): every input is checked before the completion runs, so a bad
 * one is an error to its sender (HTTP 400 naming the field) and never an incident in an asynchronous step later; on
 * completion the task is checked to be the user's own supplier's, and its inputs, which end with the task, are put
 * into the participation instance explicitly, with who decided.
 */
@Component
public class RecordSupplierDecisionListener implements TaskListener, TaskInputRules {

    static final String CHOOSE = "UserTask_ChooseParticipation";
    static final String CONFIRM = "UserTask_ConfirmPilotSelection";
    static final String ASSESS = "UserTask_AssessPilot";
    private static final List<String> PILOT_INPUTS = List.of(PILOT_HUB_COUNT, PILOT_REGION, PILOT_CONFIGURATION_SETS,
            PILOT_INSTALLED_ON_OR_BEFORE, INCLUDE_VULNERABLE, PILOT_CONSENTING_ONLY, PILOT_EXCLUDE_HIGH_RISK);

    private final SupplierTaskGuard guard;
    private final ReleaseService releases;
    private final ParticipationInstances participations;
    private final JdbcTemplate jdbc;

    public RecordSupplierDecisionListener(SupplierTaskGuard guard, ReleaseService releases,
                                          ParticipationInstances participations, JdbcTemplate jdbc) {
        this.guard = guard;
        this.releases = releases;
        this.participations = participations;
        this.jdbc = jdbc;
    }

    @Override
    public Set<String> taskDefinitionKeys() {
        return Set.of(CHOOSE, CONFIRM, ASSESS);
    }

    @Override
    public void check(DelegateTask task, Map<String, Object> submitted) {
        guard.participationOf(task);
        switch (task.getTaskDefinitionKey()) {
            case CHOOSE -> checkChoice(task, submitted);
            case CONFIRM -> TaskInputs.oneOf(submitted, PILOT_SELECTION_CONFIRMED, "CONFIRM", "REVISE");
            case ASSESS -> {
                String assessment = TaskInputs.oneOf(submitted, PILOT_ASSESSMENT, "CONFIRMED", "PROBLEMS_REPORTED");
                String report = TaskInputs.optionalText(submitted, PROBLEM_REPORT, 4000);
                if ("PROBLEMS_REPORTED".equals(assessment) && (report == null || report.length() < 3)) {
                    throw TaskInputs.invalid(PROBLEM_REPORT, "describe the problems found (at least 3 characters)");
                }
            }
            default -> throw new IllegalStateException("No supplier decision for task " + task.getTaskDefinitionKey());
        }
    }

    /**
     * The choice, and every pilot criterion that was sent, whatever the choice: nothing unchecked is kept with the task,
     * not even beside an opt-out. A pilot needs its hub count; the other criteria are optional. Where the release's
     * policy mandates participation (R24, recorded with the release at its policy decision), opting out is refused.
     */
    private void checkChoice(DelegateTask task, Map<String, Object> submitted) {
        String choice = TaskInputs.oneOf(submitted, PARTICIPATION_CHOICE, "PILOT", "OPT_OUT", "WHOLE_ESTATE");
        if ("OPT_OUT".equals(choice) && releases.participationMandated(participations.of(task).releaseId())) {
            throw TaskInputs.invalid(PARTICIPATION_CHOICE, "participation in this release's pilot is mandated by DCC's "
                    + "policy (R24): opting out is not possible; choose pilot hubs or approve your whole estate");
        }
        if (submitted.get(PILOT_REGION) != null) {
            TaskInputs.oneOf(submitted, PILOT_REGION, "ANY", "NORTH", "CENTRAL_SOUTH");
        }
        for (String flag : List.of(INCLUDE_VULNERABLE, PILOT_CONSENTING_ONLY, PILOT_EXCLUDE_HIGH_RISK)) {
            Object value = submitted.get(flag);
            if (value != null && !(value instanceof Boolean)) {
                throw TaskInputs.invalid(flag, "must be true or false");
            }
        }
        String sets = TaskInputs.optionalText(submitted, PILOT_CONFIGURATION_SETS, 200);
        String installed = TaskInputs.optionalText(submitted, PILOT_INSTALLED_ON_OR_BEFORE, 10);
        if (installed != null && !installed.matches("\\d{4}-\\d{2}-\\d{2}")) {
            throw TaskInputs.invalid(PILOT_INSTALLED_ON_OR_BEFORE, "'" + installed + "' is not a date such as 2023-06-30");
        }
        Object requested = submitted.get(PILOT_HUB_COUNT);
        if (!"PILOT".equals(choice)) {
            if (requested != null && !(requested instanceof Number)) {
                throw TaskInputs.invalid(PILOT_HUB_COUNT, "must be a number");
            }
            if (sets != null) {
                checkConfigurationSets(sets);
            }
            return;
        }
        int cap = releases.policy(participations.of(task).releaseId()).pilotCapPerSupplier();
        if (!(requested instanceof Number count) || count.doubleValue() != Math.rint(count.doubleValue())
                || count.longValue() < 1 || count.longValue() > cap) {
            throw TaskInputs.invalid(PILOT_HUB_COUNT, "choose a whole number of comms hubs between 1 and " + cap
                    + " (the pilot cap)");
        }
        if (submitted.get(PILOT_REGION) == null) {
            throw TaskInputs.invalid(PILOT_REGION, "is required for a pilot: ANY, NORTH or CENTRAL_SOUTH");
        }
        PilotCriteria criteria;
        try {
            criteria = PilotCriteria.of(submitted::get);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int colon = message.indexOf(':');
            throw TaskInputs.invalid(colon > 0 ? message.substring(0, colon) : PARTICIPATION_CHOICE,
                    colon > 0 ? message.substring(colon + 1).trim() : message);
        }
        checkConfigurationSets(String.join(",", criteria.configurationSets()));
    }

    private void checkConfigurationSets(String sets) {
        for (String set : sets.split(",")) {
            String code = set.trim();
            if (code.isEmpty()) {
                continue;
            }
            Long known = jdbc.queryForObject("SELECT COUNT(*) FROM configuration_set WHERE code = ?", Long.class, code);
            if (known == null || known == 0) {
                throw TaskInputs.invalid(PILOT_CONFIGURATION_SETS, "there is no configuration set '" + code + "'");
            }
        }
    }

    @Override
    public void notify(DelegateTask task) {
        guard.participationOf(task);
        DelegateExecution participation = task.getExecution().getProcessInstance();
        Map<String, Object> decided = new HashMap<>();
        switch (task.getTaskDefinitionKey()) {
            case CHOOSE -> {
                decided.put(PARTICIPATION_CHOICE, task.getVariable(PARTICIPATION_CHOICE));
                if ("PILOT".equals(task.getVariable(PARTICIPATION_CHOICE))) {
                    for (String input : PILOT_INPUTS) {
                        decided.put(input, task.getVariable(input));
                    }
                }
            }
            case CONFIRM -> decided.put(PILOT_SELECTION_CONFIRMED, task.getVariable(PILOT_SELECTION_CONFIRMED));
            case ASSESS -> {
                decided.put(PILOT_ASSESSMENT, task.getVariable(PILOT_ASSESSMENT));
                Object report = task.getVariable(PROBLEM_REPORT);
                decided.put(PROBLEM_REPORT, report == null || report.toString().isBlank() ? null : report.toString().trim());
            }
            default -> throw new IllegalStateException("No supplier decision for task " + task.getTaskDefinitionKey());
        }
        decided.put(DECIDED_BY, Actors.currentUser(task));
        participation.setVariables(decided);
    }
}
