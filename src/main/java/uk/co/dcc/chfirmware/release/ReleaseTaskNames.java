package uk.co.dcc.chfirmware.release;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.task.TaskDefinition;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * Every user task of a release, a supplier's included, is named after its release in Tasklist: "Assess pilot outcome
 * — MD-CH3 hw 3.0 firmware 5.3.0". The release's label is its instance's business key, which a supplier's called
 * instance inherits; the name is set after the task's own create listeners (a CSP's task already names its network).
 * Task definition ids, forms and their fields are unchanged.
 */
@Component
class ReleaseTaskNames extends AbstractProcessEnginePlugin {

    static final String SEPARATOR = " — ";

    private static final TaskListener NAME_AFTER_RELEASE = ReleaseTaskNames::nameAfterRelease;

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<BpmnParseListener> listeners = configuration.getCustomPostBPMNParseListeners() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPostBPMNParseListeners());
        listeners.add(new AbstractBpmnParseListener() {
            @Override
            public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
                TaskDefinition task = taskDefinition(activity);
                if (task != null) {
                    task.addTaskListener(TaskListener.EVENTNAME_CREATE, NAME_AFTER_RELEASE);
                }
            }
        });
        configuration.setCustomPostBPMNParseListeners(listeners);
    }

    private static TaskDefinition taskDefinition(ActivityImpl activity) {
        if (activity.getActivityBehavior() instanceof org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior behavior) {
            return behavior.getTaskDefinition();
        }
        return null;
    }

    static void nameAfterRelease(DelegateTask task) {
        String release = task.getExecution().getProcessBusinessKey();
        if (release != null && !release.isBlank() && task.getName() != null && !task.getName().endsWith(SEPARATOR + release)) {
            task.setName(task.getName() + SEPARATOR + release);
        }
    }
}
