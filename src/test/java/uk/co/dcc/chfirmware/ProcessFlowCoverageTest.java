package uk.co.dcc.chfirmware;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.filter.AssignableTypeFilter;

/**
 * Process test coverage: the process path tests of the stages (every class that extends {@link ReleaseProcessTestSupport})
 * together walk every sequence flow and flow node of every model in processes/. Each of them records its own coverage
 * (target/process-test-coverage/&lt;class&gt;/report.json); this test runs after all other classes
 * ({@link ProcessTestsLastClassOrderer}) and adds up the reports written by this run. Run on its own, without
 * any of them, it has nothing to add up and is skipped; with some of them, it fails on the flows the others would walk.
 */
class ProcessFlowCoverageTest {

    @Test
    void shouldWalkEveryFlowOfEveryModelInTheProcessPathTestsTogether() throws Exception {
        Path reports = Path.of(System.getProperty("camunda-process-test-coverage.target-dir-root", "target/process-test-coverage/"));
        long thisRunStarted = ManagementFactory.getRuntimeMXBean().getStartTime();
        List<String> ran = new ArrayList<>();
        Set<String> walked = new TreeSet<>();
        for (String pathTest : pathTests()) {
            Path report = reports.resolve(pathTest).resolve("report.json");
            if (!Files.exists(report) || Files.getLastModifiedTime(report).toMillis() < thisRunStarted) {
                continue;
            }
            ran.add(pathTest);
            for (JsonNode suite : new ObjectMapper().readTree(report.toFile()).path("suites")) {
                for (JsonNode run : suite.path("runs")) {
                    for (JsonNode event : run.path("events")) {
                        walked.add(event.path("modelKey").asText() + " " + event.path("definitionKey").asText());
                    }
                }
            }
        }
        Assumptions.assumeFalse(ran.isEmpty(), "no process path test ran before this one in this run");

        Set<String> notWalked = new TreeSet<>(elementsOfEveryModel());
        notWalked.removeAll(walked);
        assertThat(notWalked).as("flow nodes and sequence flows that %s did not walk", ran).isEmpty();
    }

    /** The classes that extend {@link ReleaseProcessTestSupport}. */
    private static List<String> pathTests() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(ReleaseProcessTestSupport.class));
        List<String> names = scanner.findCandidateComponents("uk.co.dcc.chfirmware").stream()
                .map(BeanDefinition::getBeanClassName).sorted().toList();
        assertThat(names).as("the process path tests").hasSizeGreaterThanOrEqualTo(4);
        return names;
    }

    /** "process key, element id" of every flow node and sequence flow of every model. */
    private static Set<String> elementsOfEveryModel() throws Exception {
        Set<String> elements = new TreeSet<>();
        for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:processes/*.bpmn")) {
            BpmnModelInstance model;
            try (InputStream in = resource.getInputStream()) {
                model = Bpmn.readModelFromStream(in);
            }
            for (FlowElement element : model.getModelElementsByType(FlowElement.class)) {
                if (element instanceof FlowNode || element instanceof SequenceFlow) {
                    elements.add(processOf(element).getId() + " " + element.getId());
                }
            }
        }
        assertThat(elements).as("the models' elements").isNotEmpty();
        return elements;
    }

    private static Process processOf(ModelElementInstance element) {
        ModelElementInstance parent = element.getParentElement();
        while (!(parent instanceof Process)) {
            parent = parent.getParentElement();
        }
        return (Process) parent;
    }
}
