package uk.co.dcc.chfirmware.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.impl.GetDeployedTaskFormCmd;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;

/**
 * The fields a user task's Camunda Form lets its user fill in: every keyed component that is neither disabled nor
 * read-only, in groups too. These, and nothing else, are what a user (other than DCC) may submit with the task
 * ({@link EngineAccessGuard}). Read from the form deployed with the task's process, once per process definition
 * and task.
 */
final class TaskForms {

    /** Components that show something but hold no value. */
    private static final Set<String> WITHOUT_VALUE = Set.of("text", "button", "spacer", "separator", "image", "html",
            "group", "dynamiclist", "iframe", "table");

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Set<String>> inputsByTask = new ConcurrentHashMap<>();

    /** The keys the task's form accepts from its user; empty for a task without a Camunda Form. */
    Set<String> inputsOf(TaskEntity task, CommandContext context) {
        task.initializeFormKey();
        if (task.getProcessDefinitionId() == null || task.getCamundaFormRef() == null) {
            return Set.of();
        }
        return inputsByTask.computeIfAbsent(task.getProcessDefinitionId() + "#" + task.getTaskDefinitionKey(),
                key -> read(task, context));
    }

    private Set<String> read(TaskEntity task, CommandContext context) {
        try (InputStream form = context.runWithoutAuthorization(new GetDeployedTaskFormCmd(task.getId()))) {
            Set<String> inputs = new LinkedHashSet<>();
            collect(json.readTree(form).path("components"), inputs);
            return Set.copyOf(inputs);
        } catch (IOException e) {
            throw new IllegalStateException("The form of task " + task.getTaskDefinitionKey() + " cannot be read", e);
        }
    }

    private static void collect(JsonNode components, Set<String> inputs) {
        for (JsonNode component : components) {
            boolean fixed = component.path("disabled").asBoolean(false) || component.path("readonly").asBoolean(false);
            String key = component.path("key").asText(null);
            if (key != null && !fixed && !WITHOUT_VALUE.contains(component.path("type").asText())) {
                inputs.add(key);
            }
            collect(component.path("components"), inputs);
        }
    }
}
