package uk.co.dcc.chfirmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnLabel;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnPlane;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.camunda.bpm.model.bpmn.instance.di.DiagramElement;
import org.camunda.bpm.model.bpmn.instance.di.Waypoint;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Every model reads in Cockpit at its default zoom, one process level at a time: each diagram plane (the process, and
 * each collapsed sub-process, which Cockpit opens as a plane of its own) is at most {@link #MAX_PLANE_WIDTH} pixels
 * wide, measured over the bounds of its shapes, labels and edges. And nothing is left off: every flow node and
 * sequence flow is drawn exactly once, on the plane of the process or sub-process it belongs to (the one it sits in,
 * or for a collapsed sub-process, the sub-process's own plane), and every collapsed sub-process has such a plane.
 */
class ProcessDiagramLayoutTest {

    /**
     * Cockpit fits a plane into its diagram pane, some 1,600 px wide on a 1080p screen: up to this width the labels stay
     * legible (a scale of 0.6 or more); the release model in one row, 5,880 px wide, came out at 0.27.
     */
    static final double MAX_PLANE_WIDTH = 2_500;

    @Test
    void shouldFitEveryPlaneOfEveryModelIntoTheStatedWidth() throws Exception {
        List<String> problems = new ArrayList<>();
        int planes = 0;
        for (Resource resource : models()) {
            BpmnModelInstance model = read(resource);
            for (BpmnPlane plane : model.getModelElementsByType(BpmnPlane.class)) {
                planes++;
                double width = width(plane);
                if (width > MAX_PLANE_WIDTH) {
                    problems.add(resource.getFilename() + " " + plane.getBpmnElement().getId() + ": " + width + " px wide");
                }
            }
        }
        assertThat(problems).as("planes wider than %s px", MAX_PLANE_WIDTH).isEmpty();
        assertThat(planes).as("one plane at least per model").isGreaterThanOrEqualTo(models().size());
    }

    @Test
    void shouldDrawEveryFlowElementOnceOnThePlaneOfItsProcessLevel() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Resource resource : models()) {
            BpmnModelInstance model = read(resource);
            Map<String, List<String>> drawnOn = new HashMap<>();
            Map<String, Boolean> expanded = new HashMap<>();
            for (BpmnPlane plane : model.getModelElementsByType(BpmnPlane.class)) {
                for (DiagramElement element : plane.getDiagramElements()) {
                    BaseElement drawn = element instanceof BpmnShape shape ? shape.getBpmnElement()
                            : element instanceof BpmnEdge edge ? edge.getBpmnElement() : null;
                    if (drawn != null) {
                        drawnOn.computeIfAbsent(drawn.getId(), id -> new ArrayList<>()).add(plane.getBpmnElement().getId());
                    }
                    if (element instanceof BpmnShape shape && shape.getBpmnElement() instanceof SubProcess) {
                        expanded.put(shape.getBpmnElement().getId(), shape.isExpanded());
                    }
                }
            }
            for (FlowElement element : model.getModelElementsByType(FlowElement.class)) {
                if (!(element instanceof FlowNode) && !(element instanceof SequenceFlow)) {
                    continue;
                }
                String expected = planeOf(element, expanded);
                List<String> planes = drawnOn.getOrDefault(element.getId(), List.of());
                if (!planes.equals(List.of(expected))) {
                    problems.add(resource.getFilename() + " " + element.getId() + ": drawn on " + planes + ", expected on ["
                            + expected + "]");
                }
            }
            expanded.forEach((subProcess, isExpanded) -> {
                boolean ownPlane = model.getModelElementsByType(BpmnPlane.class).stream()
                        .anyMatch(plane -> plane.getBpmnElement().getId().equals(subProcess));
                if (!isExpanded && !ownPlane) {
                    problems.add(resource.getFilename() + " " + subProcess + ": collapsed without a plane of its own");
                }
            });
        }
        assertThat(problems).isEmpty();
    }

    /** The process or collapsed sub-process whose plane shows the element. */
    private static String planeOf(FlowElement element, Map<String, Boolean> expanded) {
        ModelElementInstance parent = element.getParentElement();
        while (parent instanceof SubProcess subProcess && Boolean.TRUE.equals(expanded.get(subProcess.getId()))) {
            parent = subProcess.getParentElement();
        }
        return ((BaseElement) parent).getId();
    }

    private static double width(BpmnPlane plane) {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (DiagramElement element : plane.getDiagramElements()) {
            List<double[]> spans = new ArrayList<>();
            if (element instanceof BpmnShape shape) {
                spans.add(span(shape.getBounds()));
                label(shape.getBpmnLabel(), spans);
            } else if (element instanceof BpmnEdge edge) {
                for (Waypoint waypoint : edge.getWaypoints()) {
                    spans.add(new double[] {waypoint.getX(), waypoint.getX()});
                }
                label(edge.getBpmnLabel(), spans);
            }
            for (double[] span : spans) {
                min = Math.min(min, span[0]);
                max = Math.max(max, span[1]);
            }
        }
        return max - min;
    }

    private static void label(BpmnLabel label, List<double[]> spans) {
        if (label != null && label.getBounds() != null) {
            spans.add(span(label.getBounds()));
        }
    }

    private static double[] span(Bounds bounds) {
        return new double[] {bounds.getX(), bounds.getX() + bounds.getWidth()};
    }

    private static Collection<Resource> models() throws Exception {
        Resource[] models = new PathMatchingResourcePatternResolver().getResources("classpath*:processes/*.bpmn");
        assertThat(models).as("the models in processes/").hasSizeGreaterThanOrEqualTo(4);
        return List.of(models);
    }

    private static BpmnModelInstance read(Resource resource) throws Exception {
        try (InputStream in = resource.getInputStream()) {
            return Bpmn.readModelFromStream(in);
        }
    }
}
