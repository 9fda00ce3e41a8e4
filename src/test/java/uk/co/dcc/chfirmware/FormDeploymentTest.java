package uk.co.dcc.chfirmware;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** All models and forms are deployed together, and every user task's and start event's formRef resolves. */
@ApplicationTest
class FormDeploymentTest {

    @Autowired RepositoryService repository;
    @Autowired JdbcTemplate jdbc;
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldDeployEveryModelWithTheFormsItsTasksReference() throws Exception {
        List<ProcessDefinition> definitions = repository.createProcessDefinitionQuery().latestVersion().list();
        assertThat(definitions).extracting(ProcessDefinition::getKey)
                .containsExactlyInAnyOrder("ch-firmware-release", "supplier-participation", "ch-upgrade-batch-north",
                        "ch-upgrade-batch-central-south");
        assertThat(repository.createDecisionDefinitionQuery().decisionDefinitionKey("RolloutPolicy").count()).isPositive();

        List<String> unresolved = new ArrayList<>();
        int references = 0;
        for (ProcessDefinition definition : definitions) {
            assertThat(definition.getVersionTag()).as("versionTag of %s", definition.getKey()).isNotBlank();
            assertThat(definition.getHistoryTimeToLive()).as("historyTimeToLive of %s", definition.getKey()).isPositive();
            Set<String> deployedForms = formIds(definition.getDeploymentId());
            BpmnModelInstance model = repository.getBpmnModelInstance(definition.getId());
            List<FlowNode> withForms = new ArrayList<>(model.getModelElementsByType(UserTask.class));
            withForms.addAll(model.getModelElementsByType(StartEvent.class));
            for (FlowNode node : withForms) {
                String formRef = node.getAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "formRef");
                if (node instanceof UserTask) {
                    assertThat(formRef).as("user task %s has a formRef", node.getId()).isNotBlank();
                }
                if (formRef != null) {
                    references++;
                    if (!deployedForms.contains(formRef)) {
                        unresolved.add(definition.getKey() + "/" + node.getId() + " -> " + formRef);
                    }
                }
            }
        }
        assertThat(unresolved).as("formRefs without a deployed form").isEmpty();
        assertThat(references).isEqualTo(14);
    }

    /**
     * Issue 9: what a user submits with a task stays with the task. Every field a user task's form lets its user fill
     * in is declared as an input parameter of the task (so it is local to the task and ends with it, and
     * EngineAccessGuard accepts it), and no two tasks have a field of the same name (so no form opens with what was
     * submitted in another).
     */
    @Test
    void shouldDeclareEveryFormInputAsTheTasksOwnAndShareNoneBetweenTasks() throws Exception {
        Map<String, String> inputOwners = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (ProcessDefinition definition : repository.createProcessDefinitionQuery().latestVersion().list()) {
            BpmnModelInstance model = repository.getBpmnModelInstance(definition.getId());
            Map<String, JsonNode> forms = forms(definition.getDeploymentId());
            for (UserTask task : model.getModelElementsByType(UserTask.class)) {
                Set<String> declared = new HashSet<>();
                for (CamundaInputParameter parameter : task.getExtensionElements() == null ? List.<CamundaInputParameter>of()
                        : task.getExtensionElements().getElementsQuery().filterByType(CamundaInputOutput.class).list().stream()
                        .flatMap(io -> io.getCamundaInputParameters().stream()).toList()) {
                    if (parameter.getTextContent() == null || parameter.getTextContent().isBlank()) {
                        declared.add(parameter.getCamundaName());
                    }
                }
                Set<String> inputs = new HashSet<>();
                forms.get(task.getCamundaFormRef()).get("components").forEach(component -> {
                    if (component.has("key") && !component.path("disabled").asBoolean(false)) {
                        inputs.add(component.get("key").asText());
                    }
                });
                if (!declared.equals(inputs)) {
                    problems.add(task.getId() + " declares " + declared + " but its form takes " + inputs);
                }
                for (String input : inputs) {
                    String other = inputOwners.put(input, task.getId());
                    if (other != null && !other.equals(task.getId())) {
                        problems.add(input + " is a field of both " + other + " and " + task.getId());
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(inputOwners).containsKeys("cspDecision", "testResult", "feedbackOutcome", "participationChoice",
                "massRolloutDecision", "retryDecision");
    }

    /** Variant ids from 90 up are test-only variants that some tests add; the reference data is below. */
    @Test
    void shouldOfferExactlyTheReferenceVariantsInTheStartForm() throws Exception {
        ProcessDefinition release = repository.createProcessDefinitionQuery().processDefinitionKey("ch-firmware-release")
                .latestVersion().singleResult();
        String resource = repository.getDeploymentResourceNames(release.getDeploymentId()).stream()
                .filter(name -> name.endsWith("register-release.form")).findFirst().orElseThrow();
        try (InputStream form = repository.getResourceAsStream(release.getDeploymentId(), resource)) {
            Set<String> offered = new HashSet<>();
            json.readTree(form).get("components").forEach(component -> {
                if ("variantId".equals(component.path("key").asText())) {
                    component.get("values").forEach(value -> offered.add(value.get("value").asText()));
                }
            });
            assertThat(offered).containsExactlyInAnyOrderElementsOf(
                    jdbc.queryForList("SELECT CAST(id AS VARCHAR(8)) FROM ch_variant WHERE id < 90", String.class));
        }
    }

    private Map<String, JsonNode> forms(String deploymentId) throws Exception {
        Map<String, JsonNode> forms = new HashMap<>();
        for (String resource : repository.getDeploymentResourceNames(deploymentId)) {
            if (resource.endsWith(".form")) {
                try (InputStream form = repository.getResourceAsStream(deploymentId, resource)) {
                    JsonNode parsed = json.readTree(form);
                    forms.put(parsed.get("id").asText(), parsed);
                }
            }
        }
        return forms;
    }

    private Set<String> formIds(String deploymentId) throws Exception {
        Set<String> ids = new HashSet<>();
        for (String resource : repository.getDeploymentResourceNames(deploymentId)) {
            if (resource.endsWith(".form")) {
                try (InputStream form = repository.getResourceAsStream(deploymentId, resource)) {
                    ids.add(json.readTree(form).get("id").asText());
                }
            }
        }
        return ids;
    }
}
