package uk.co.dcc.chfirmware.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import uk.co.dcc.chfirmware.ApplicationTest;

/**
 * The release diagram reads in Cockpit at its default zoom (issue 10, item 4), in a real Chromium as DCC: the process
 * definition page draws the release's stages, and every stage, the OA for mass rollout and the end of the release lie
 * inside the diagram's visible area without zooming or panning. A screenshot is kept for people to look at.
 */
@ApplicationTest
class CockpitReleaseDiagramBrowserTest extends TasklistTestSupport {

    private static final List<String> STAGES = List.of("SubProcess_Approvals", "SubProcess_CustomerTesting",
            "SubProcess_ProductionProving", "SubProcess_Pilot", "UserTask_GrantMassRolloutApproval", "SubProcess_MassRollout",
            "EndEvent_ReleaseRolledOut");

    @Test
    void shouldShowEveryStageOfTheReleaseInCockpitWithoutZooming() throws Exception {
        ProcessDefinition release = engine.getRepositoryService().createProcessDefinitionQuery()
                .processDefinitionKey("ch-firmware-release").latestVersion().singleResult();
        tasklist.logIn("dcc", "demo");
        tasklist.page("/camunda/app/cockpit/default/#/process-definition/" + release.getId() + "/runtime");
        tasklist.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("[data-element-id='" + STAGES.get(STAGES.size() - 1) + "']")));
        Thread.sleep(1_000); // the viewer fits the diagram once drawn
        for (String stage : STAGES) {
            @SuppressWarnings("unchecked")
            Map<String, Object> fit = (Map<String, Object>) tasklist.script("""
                    const element = document.querySelector("[data-element-id='" + arguments[0] + "']");
                    const canvas = element.closest('.djs-container');
                    const e = element.getBoundingClientRect(), c = canvas.getBoundingClientRect();
                    return {inside: e.left >= c.left && e.right <= c.right && e.top >= c.top && e.bottom <= c.bottom,
                            width: e.width, element: JSON.stringify(e), canvas: JSON.stringify(c)};""", stage);
            assertThat((Boolean) fit.get("inside")).as("%s inside the diagram at the default zoom: %s", stage, fit).isTrue();
            assertThat(((Number) fit.get("width")).doubleValue()).as("%s drawn large enough to read", stage)
                    .isGreaterThan(20);
        }
        tasklist.saveScreenshot("cockpit-release-diagram");
    }
}
