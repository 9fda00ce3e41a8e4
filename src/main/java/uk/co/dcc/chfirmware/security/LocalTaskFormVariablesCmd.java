package uk.co.dcc.chfirmware.security;

import java.util.Collection;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.impl.cfg.CommandChecker;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.impl.VariableMapImpl;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * A task's form variables as a user other than DCC gets them ({@link EngineAccessGuard}): the task's own local
 * variables only, which its listeners set for its form, and none of the process instance's. Checked like the
 * engine's own form-variables command.
 */
final class LocalTaskFormVariablesCmd implements Command<VariableMap> {

    private final String taskId;
    private final Collection<String> names;
    private final boolean deserialize;

    LocalTaskFormVariablesCmd(String taskId, Collection<String> names, boolean deserialize) {
        this.taskId = taskId;
        this.names = names;
        this.deserialize = deserialize;
    }

    @Override
    public VariableMap execute(CommandContext context) {
        TaskEntity task = context.getTaskManager().findTaskById(taskId);
        if (task == null) {
            throw new BadUserRequestException("Cannot find task with id '" + taskId + "'.");
        }
        for (CommandChecker checker : context.getProcessEngineConfiguration().getCommandCheckers()) {
            checker.checkReadTaskVariable(task);
        }
        VariableMapImpl result = new VariableMapImpl();
        for (String name : task.getVariableNamesLocal()) {
            if (names == null || names.contains(name)) {
                TypedValue value = task.getVariableLocalTyped(name, deserialize);
                result.putValueTyped(name, value);
            }
        }
        return result;
    }
}
