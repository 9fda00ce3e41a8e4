package uk.co.dcc.chfirmware.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.impl.cmd.ExtendLockOnExternalTaskCmd;
import org.camunda.bpm.engine.impl.cmd.FetchExternalTasksCmd;
import org.camunda.bpm.engine.impl.cmd.LockExternalTaskCmd;
import org.camunda.bpm.engine.impl.externaltask.TopicFetchInstruction;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationManager;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.ErrorEventDefinition;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.impl.AbstractQuery;
import org.camunda.bpm.engine.impl.QueryOrderingProperty;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
import org.camunda.bpm.engine.impl.TaskQueryVariableValue;
import org.camunda.bpm.engine.impl.VariableOrderProperty;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.AbstractExecuteFilterCmd;
import org.camunda.bpm.engine.impl.cmd.AssignTaskCmd;
import org.camunda.bpm.engine.impl.cmd.ClaimTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CompleteExternalTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.GetTaskFormVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.GetTaskVariableCmd;
import org.camunda.bpm.engine.impl.cmd.GetTaskVariableCmdTyped;
import org.camunda.bpm.engine.impl.cmd.GetTaskVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.HandleExternalTaskBpmnErrorCmd;
import org.camunda.bpm.engine.impl.cmd.HandleExternalTaskFailureCmd;
import org.camunda.bpm.engine.impl.ProcessInstantiationBuilderImpl;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitStartFormCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.ExternalTaskEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * What a user other than DCC may do with the process engine, whichever way it reaches it (the engine REST API, the
 * webapps' REST API, Tasklist): an allow-list of engine commands checked before each command a user starts, on top
 * of the engine's own authorizations (ARCHITECTURE.md: "the engine REST API is a public surface"). DCC, the
 * administrator and the product itself (no authenticated user) are not restricted here.
 *
 * <ul>
 *   <li><b>Tasks are worked, not administered.</b> Such a user may read, claim (for itself only), unclaim its own
 *       task, complete and submit the form of a task it is a candidate for; never change identity links,
 *       assignees, owners or the task itself (the engine's {@code TASK_WORK} permission does most of this; the
 *       guard closes claiming for somebody else).</li>
 *   <li><b>Inputs are declared.</b> A completion or form submission, by any user (DCC too; only the administrator
 *       is exempt), may carry only the fields the task's Camunda Form lets its user fill in; the models declare those
 *       fields as the task's input parameters, so they are local to the task and end with it. The task's
 *       {@link TaskInputRules} check them before anything runs (HTTP 400 naming the field), and its complete listener
 *       maps them into the process. No restricted user writes any other variable: not a task's, not an
 *       execution's, not through an external task.</li>
 *   <li><b>Reads are the task's own.</b> Such a user reads a task's local variables only (what its listeners put
 *       there for its form), never the process instance's; a completion cannot ask for the process variables back;
 *       task queries cannot test or sort by process variables; engine statistics are not theirs.</li>
 *   <li><b>Everything else is refused</b>: modifying, suspending, deleting, migrating, correlating, signalling,
 *       retries and priorities, deployments, jobs, batches, identity administration.</li>
 * </ul>
 * A refusal is an {@link AuthorizationException} (HTTP 403) that says what was refused and why.
 */
@Component
class EngineAccessGuard extends AbstractProcessEnginePlugin {

    private static final Logger LOG = LoggerFactory.getLogger(EngineAccessGuard.class);

    /** Commands a restricted user may start as they are (the engine's authorizations still apply). */
    private static final Set<String> ALLOWED = Set.of(
            // Tasklist: tasks, their forms and comments, process definitions for their names and diagrams
            "ClaimTaskCmd", "GetTaskFormCmd", "GetRenderedTaskFormCmd", "GetFormKeyCmd", "GetDeployedTaskFormCmd",
            "GetCamundaFormDefinitionCmd", "GetIdentityLinksForTaskCmd", "GetTaskCommentsCmd", "GetTaskCommentCmd",
            "GetTaskAttachmentsCmd", "GetTaskAttachmentCmd", "GetSubTasksCmd", "GetDeployedProcessDefinitionCmd",
            "GetDeploymentProcessModelCmd", "GetDeploymentProcessDiagramCmd", "GetDeploymentProcessDiagramLayoutCmd",
            "GetDeploymentBpmnModelInstanceCmd", "GetStaticCalledProcessDefinitionCmd", "GetHistoryLevelCmd",
            // filters (Tasklist's task lists)
            "GetFilterCmd", "ExecuteFilterListCmd", "ExecuteFilterListPageCmd", "ExecuteFilterCountCmd",
            "ExecuteFilterSingleResultCmd",
            // the external task worker contract (docs/csp-integration.md); the engine checks the region
            "FetchExternalTasksCmd", "LockExternalTaskCmd", "ExtendLockOnExternalTaskCmd", "UnlockExternalTaskCmd",
            "GetTopicNamesCmd", "GetExternalTaskErrorDetailsCmd",
            // the user's own identity: login, profile, password (the engine checks it is the user's own)
            "CheckPassword", "GetUserInfoCmd", "GetUserInfoKeysCmd", "GetUserPictureCmd", "GetUserAccountCmd",
            "IsIdentityServiceReadOnlyCmd", "GetPasswordPolicyCmd", "CheckPasswordAgainstPolicyCmd", "SaveUserCmd",
            "CreateUserQueryCmd", "CreateGroupQueryCmd", "CreateTenantQueryCmd", "IsTenantCheckEnabledCmd",
            // whether the user may do something (the webapps ask before showing it)
            "AuthorizationCheckCmd",
            // a CSP reads its own region's batch instances (READ_INSTANCE on that region's batch process only)
            "GetExecutionVariablesCmd", "GetExecutionVariableCmd", "GetExecutionVariableTypedCmd");

    /**
     * Queries about the engine rather than one's own work, refused to restricted users even where the engine's
     * authorizations would let some through: statistics, metrics and reports (instance and incident counts of every
     * release, some without any authorization check), the schema log, incidents, jobs and batches.
     */
    private static final List<String> ENGINE_INTERNALS = List.of("Statistics", "Metrics", "Report", "SchemaLog",
            "Incident", "Job", "Batch", "Telemetry");

    /** The longest text a task's user may submit: the longest form field takes 4,000 characters. */
    static final int MAX_TASK_TEXT = 4_000;

    /** The longest lock an external task worker may take or extend to: 24 hours. */
    static final long MAX_LOCK_MILLIS = 24L * 60 * 60 * 1000;

    /** The longest text a process may be started with (the longest form field takes 4,000). */
    static final int MAX_START_TEXT = 10_000;

    private final TaskForms forms = new TaskForms();
    private final Map<String, Set<String>> errorCodes = new java.util.concurrent.ConcurrentHashMap<>();
    private final ObjectProvider<TaskInputRules> rules;
    private volatile Map<String, List<TaskInputRules>> rulesByTask;

    EngineAccessGuard(ObjectProvider<TaskInputRules> rules) {
        this.rules = rules;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<CommandInterceptor> interceptors = configuration.getCustomPostCommandInterceptorsTxRequired() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPostCommandInterceptorsTxRequired());
        interceptors.add(new Guard());
        configuration.setCustomPostCommandInterceptorsTxRequired(interceptors);
    }

    /** Judges only the command a user started, not the commands the engine and the product run inside it. */
    private final class Guard extends CommandInterceptor {

        private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

        @Override
        public <T> T execute(Command<T> command) {
            int[] level = depth.get();
            level[0]++;
            try {
                if (level[0] == 1) {
                    CommandContext context = Context.getCommandContext();
                    Authentication user = context.getAuthentication();
                    if (isRestricted(user)) {
                        checkTargetIsTheirs(command, user, context);
                    }
                    checkInputs(command, user, context);
                    if (isRestricted(user)) {
                        return judge(command, user, context);
                    }
                }
                return next.execute(command);
            } finally {
                if (--level[0] == 0) {
                    depth.remove();
                }
            }
        }

        @SuppressWarnings("unchecked")
        private <T> T judge(Command<T> command, Authentication user, CommandContext context) {
            String name = command.getClass().getSimpleName();
            if (command instanceof AbstractQuery<?, ?> query) {
                checkQuery(query, user);
                return next.execute(command);
            }
            if (command instanceof CompleteTaskCmd || command instanceof SubmitTaskFormCmd) {
                if (Boolean.TRUE.equals(CommandFields.read(command, "returnVariables"))) {
                    throw refused(user, "ask for the process variables back with a completion (withVariablesInReturn)");
                }
                return next.execute(command); // its inputs were checked by checkInputs
            }
            if (command instanceof ClaimTaskCmd) {
                String claimant = CommandFields.read(command, "userId");
                if (claimant != null && !claimant.equals(user.getUserId())) {
                    throw refused(user, "claim a task for another user (" + claimant + "); claim it for yourself");
                }
                return next.execute(command);
            }
            if (command instanceof AssignTaskCmd) {
                // Tasklist's "unclaim": the assignee gives its task back to its candidates (the engine checks TASK_WORK);
                // a task nobody holds stays as it is
                String taskId = CommandFields.read(command, "taskId");
                TaskEntity task = context.getTaskManager().findTaskById(taskId);
                if (CommandFields.read(command, "userId") == null && task != null
                        && (task.getAssignee() == null || user.getUserId().equals(task.getAssignee()))) {
                    return (T) next.execute(new ClaimTaskCmd(taskId, null));
                }
                throw refused(user, "assign a task; only DCC assigns tasks, a candidate claims or unclaims its own");
            }
            if (command instanceof GetTaskVariablesCmd || command instanceof GetTaskVariableCmd
                    || command instanceof GetTaskVariableCmdTyped) {
                CommandFields.write(command, "isLocal", true);
                return next.execute(command);
            }
            if (command instanceof GetTaskFormVariablesCmd) {
                return (T) next.execute(new LocalTaskFormVariablesCmd(CommandFields.read(command, "resourceId"),
                        CommandFields.read(command, "formVariableNames"),
                        CommandFields.read(command, "deserializeObjectValues")));
            }
            if (command instanceof CompleteExternalTaskCmd || command instanceof HandleExternalTaskFailureCmd) {
                checkNoVariables(user, name, CommandFields.read(command, "variables"),
                        CommandFields.read(command, "localVariables"));
                return next.execute(command);
            }
            if (command instanceof HandleExternalTaskBpmnErrorCmd) {
                checkNoVariables(user, name, CommandFields.read(command, "variables"), null);
                return next.execute(command);
            }
            if (command instanceof AbstractExecuteFilterCmd && CommandFields.read(command, "extendingQuery")
                    instanceof AbstractQuery<?, ?> extension) {
                checkQuery(extension, user);
            }
            if (ALLOWED.contains(name)) {
                return next.execute(command);
            }
            LOG.info("Refused engine command {} to user {}", name, user.getUserId());
            throw refused(user, "use this part of the engine (" + name + ")");
        }

        /**
         * A task or external task the user may not read is answered exactly as one that does not exist, before anything
         * else is looked at: the engine checks existence, a lock or the submitted fields before the user's
         * authorization, so its own answers would tell that such a task exists, what its form takes and where a release
         * stands.
         */
        private void checkTargetIsTheirs(Command<?> command, Authentication user, CommandContext context) {
            if (command instanceof AbstractQuery<?, ?>) {
                return;
            }
            String taskId = command instanceof GetTaskFormVariablesCmd ? CommandFields.read(command, "resourceId")
                    : CommandFields.readIfPresent(command, "taskId");
            if (taskId != null) {
                TaskEntity task = context.getTaskManager().findTaskById(taskId);
                AuthorizationManager authorizations = context.getAuthorizationManager();
                boolean theirs = task != null && (authorizations.isAuthorized(Permissions.READ, Resources.TASK, taskId)
                        || (task.getProcessDefinition() != null && authorizations.isAuthorized(
                        ProcessDefinitionPermissions.READ_TASK, Resources.PROCESS_DEFINITION, task.getProcessDefinition().getKey())));
                if (!theirs) {
                    throw refused(user, "use task " + taskId + ": there is no such task of theirs");
                }
            }
            String externalTaskId = CommandFields.readIfPresent(command, "externalTaskId");
            if (externalTaskId != null) {
                ExternalTaskEntity task = context.getExternalTaskManager().findExternalTaskById(externalTaskId);
                if (task == null || !context.getAuthorizationManager().isAuthorized(ProcessDefinitionPermissions.READ_INSTANCE,
                        Resources.PROCESS_DEFINITION, task.getProcessDefinitionKey())) {
                    throw new NotFoundException("Cannot find external task with id " + externalTaskId);
                }
            }
        }

        private void checkQuery(AbstractQuery<?, ?> query, Authentication user) {
            String name = query.getClass().getSimpleName();
            for (String engineInternals : ENGINE_INTERNALS) {
                if (name.contains(engineInternals)) {
                    throw refused(user, "read the engine's " + engineInternals.toLowerCase(java.util.Locale.ROOT)
                            + " (" + name + ")");
                }
            }
            if (query instanceof TaskQueryImpl tasks) {
                List<TaskQueryImpl> all = new ArrayList<>(tasks.getQueries());
                all.add(tasks);
                for (TaskQueryImpl part : all) {
                    for (TaskQueryVariableValue condition : part.getVariables()) {
                        if (!condition.isLocal()) {
                            throw refused(user, "query tasks by process variables (" + condition.getName()
                                    + "); only the task's own variables can be queried");
                        }
                    }
                }
            }
            for (QueryOrderingProperty ordering : query.getOrderingProperties()) {
                if (ordering instanceof VariableOrderProperty) {
                    throw refused(user, "sort by variables");
                }
            }
        }

        /**
         * A completion or form submission: by any user but the administrator, only the task form's inputs; from
         * anyone, the task's input rules.
         */
        private void checkInputs(Command<?> command, Authentication user, CommandContext context) {
            Map<String, Object> submitted;
            if (command instanceof HandleExternalTaskBpmnErrorCmd && user != null && !isAdministrator(user)) {
                checkErrorIsHandled(CommandFields.read(command, "externalTaskId"), CommandFields.read(command, "errorCode"),
                        context);
                return;
            }
            if (isRestricted(user)) {
                checkLockDurations(command);
            }
            if (command instanceof SubmitStartFormCmd) {
                checkSizes(CommandFields.read(command, "variables"));
                return;
            }
            if (command instanceof StartProcessInstanceCmd) {
                checkSizes(CommandFields.<ProcessInstantiationBuilderImpl>read(command, "instantiationBuilder").getVariables());
                return;
            }
            if (command instanceof CompleteTaskCmd) {
                submitted = CommandFields.read(command, "variables");
            } else if (command instanceof SubmitTaskFormCmd) {
                submitted = CommandFields.read(command, "properties");
            } else {
                return;
            }
            TaskEntity task = context.getTaskManager().findTaskById(CommandFields.read(command, "taskId"));
            if (task == null) {
                return; // the command itself says the task does not exist
            }
            Map<String, Object> inputs = submitted == null ? Map.of() : submitted;
            if (user != null && user.getUserId() != null && !isAdministrator(user)) {
                checkDeclared(task, inputs, user, context);
                checkTexts(inputs);
            }
            for (TaskInputRules rule : rulesFor(task.getTaskDefinitionKey())) {
                rule.check(task, inputs);
            }
        }

        /**
         * What starts a process is checked by the process (a release's registration refuses what is invalid, visibly);
         * but nothing oversized is stored in the engine on the way: a text variable over {@link #MAX_START_TEXT}
         * characters is refused, naming it, before the instance starts.
         */
        private void checkSizes(Map<String, Object> variables) {
            if (variables == null) {
                return;
            }
            for (Map.Entry<String, Object> variable : variables.entrySet()) {
                Object value = variable.getValue() instanceof TypedValue typed ? typed.getValue() : variable.getValue();
                if (value instanceof String text && text.length() > MAX_START_TEXT) {
                    throw TaskInputs.invalid(variable.getKey(), "must have at most " + MAX_START_TEXT + " characters, had "
                            + text.length());
                }
            }
        }

        /** Every text a task's user submits fits the record (4,000 characters) and holds no control character. */
        private void checkTexts(Map<String, Object> submitted) {
            for (String field : submitted.keySet()) {
                if (submitted.get(field) instanceof String || submitted.get(field) instanceof TypedValue typed
                        && typed.getValue() instanceof String) {
                    TaskInputs.optionalText(Map.of(field, textOf(submitted.get(field))), field, MAX_TASK_TEXT);
                }
            }
        }

        /**
         * A BPMN error that no boundary event of the external task's activity catches would end the task's execution
         * silently (the engine's "none end event" semantics): a batch would end without being closed. Refused.
         */
        private void checkErrorIsHandled(String externalTaskId, String errorCode, CommandContext context) {
            ExternalTaskEntity task = externalTaskId == null ? null
                    : context.getExternalTaskManager().findExternalTaskById(externalTaskId);
            if (task == null) {
                return; // the command says it does not exist
            }
            Set<String> handled = errorCodes.computeIfAbsent(task.getProcessDefinitionId() + "#" + task.getActivityId(),
                    key -> handledErrors(task, context));
            if (!handled.contains(errorCode)) {
                throw new BadUserRequestException("errorCode: '" + errorCode + "' is not an error this task reports; it "
                        + (handled.isEmpty() ? "reports none" : "reports " + String.join(", ", new TreeSet<>(handled)))
                        + " (a technical failure is reported with /failure)");
            }
        }

        /** No lock longer than {@link #MAX_LOCK_MILLIS}: a batch locked for ever could be neither paused nor offered again. */
        private void checkLockDurations(Command<?> command) {
            List<Long> durations = new ArrayList<>();
            if (command instanceof ExtendLockOnExternalTaskCmd) {
                durations.add(CommandFields.read(command, "newLockTime"));
            } else if (command instanceof LockExternalTaskCmd) {
                durations.add(CommandFields.read(command, "lockDuration"));
            } else if (command instanceof FetchExternalTasksCmd) {
                Map<String, TopicFetchInstruction> topics = CommandFields.read(command, "fetchInstructions");
                if (topics != null) {
                    topics.values().forEach(topic -> durations.add(topic.getLockDuration()));
                }
            }
            for (Long duration : durations) {
                if (duration != null && duration > MAX_LOCK_MILLIS) {
                    throw new BadUserRequestException("lockDuration: at most " + MAX_LOCK_MILLIS + " ms (24 hours); extend the"
                            + " lock as the work goes on, was " + duration);
                }
            }
        }

        private void checkDeclared(TaskEntity task, Map<String, Object> submitted, Authentication user, CommandContext context) {
            if (submitted.isEmpty()) {
                return;
            }
            Set<String> inputs = forms.inputsOf(task, context);
            Set<String> undeclared = new TreeSet<>(submitted.keySet());
            undeclared.removeAll(inputs);
            if (!undeclared.isEmpty()) {
                throw refused(user, "submit " + String.join(", ", undeclared) + " with task '" + task.getName()
                        + "': its form takes only " + (inputs.isEmpty() ? "nothing" : String.join(", ", new TreeSet<>(inputs))));
            }
            if (task.getExecution() != null) {
                for (String input : submitted.keySet()) {
                    if (!task.getExecution().hasVariableLocal(input)) {
                        // the model must declare every input as an input parameter, so that it stays with the task
                        throw new IllegalStateException("Task " + task.getTaskDefinitionKey() + " does not declare its input "
                                + input + " as an input parameter");
                    }
                }
            }
        }

        private void checkNoVariables(Authentication user, String command, Map<String, Object> variables,
                                      Map<String, Object> localVariables) {
            if ((variables != null && !variables.isEmpty()) || (localVariables != null && !localVariables.isEmpty())) {
                Collection<String> names = new TreeSet<>();
                if (variables != null) {
                    names.addAll(variables.keySet());
                }
                if (localVariables != null) {
                    names.addAll(localVariables.keySet());
                }
                throw refused(user, "send variables (" + String.join(", ", names) + ") with " + command
                        + "; outcomes go to /api/batches/{batchId}/outcomes");
            }
        }
    }

    private static Object textOf(Object value) {
        return value instanceof TypedValue typed ? typed.getValue() : value;
    }

    /** The error codes caught by the boundary error events of the external task's activity. */
    private static Set<String> handledErrors(ExternalTaskEntity task, CommandContext context) {
        BpmnModelInstance model = context.getProcessEngineConfiguration().getDeploymentCache()
                .findBpmnModelInstanceForProcessDefinition(task.getProcessDefinitionId());
        Set<String> codes = new java.util.HashSet<>();
        for (BoundaryEvent boundary : model.getModelElementsByType(BoundaryEvent.class)) {
            if (boundary.getAttachedTo() != null && task.getActivityId().equals(boundary.getAttachedTo().getId())) {
                for (ErrorEventDefinition error : boundary.getChildElementsByType(ErrorEventDefinition.class)) {
                    if (error.getError() != null && error.getError().getErrorCode() != null) {
                        codes.add(error.getError().getErrorCode());
                    }
                }
            }
        }
        return Set.copyOf(codes);
    }

    private List<TaskInputRules> rulesFor(String taskDefinitionKey) {
        Map<String, List<TaskInputRules>> byTask = rulesByTask;
        if (byTask == null) {
            Map<String, List<TaskInputRules>> collected = new java.util.HashMap<>();
            rules.orderedStream().forEach(rule -> rule.taskDefinitionKeys()
                    .forEach(key -> collected.computeIfAbsent(key, k -> new ArrayList<>()).add(rule)));
            rulesByTask = byTask = collected;
        }
        return byTask.getOrDefault(taskDefinitionKey, List.of());
    }

    /** Anyone but DCC and the administrator, and never the product itself (no authenticated user). */
    static boolean isRestricted(Authentication user) {
        if (user == null || user.getUserId() == null) {
            return false;
        }
        List<String> groups = user.getGroupIds() == null ? List.of() : user.getGroupIds();
        return !groups.contains(Actors.DCC) && !isAdministrator(user);
    }

    private static boolean isAdministrator(Authentication user) {
        return user.getGroupIds() != null && user.getGroupIds().contains(Actors.ADMIN_GROUP);
    }

    private static AuthorizationException refused(Authentication user, String what) {
        return new AuthorizationException("User '" + user.getUserId() + "' may not " + what + ".");
    }
}
