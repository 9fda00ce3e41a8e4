package uk.co.dcc.chfirmware.release;

import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Service;

/** Evaluates the deployed DMN decision {@code RolloutPolicy} (processes/RolloutPolicy.dmn). */
@Service
public class RolloutPolicyService {

    public static final String DECISION_KEY = "RolloutPolicy";

    private final DecisionService decisions;

    public RolloutPolicyService(DecisionService decisions) {
        this.decisions = decisions;
    }

    public RolloutPolicy decide(String variantMaturity, String releaseType) {
        DmnDecisionRuleResult result = decisions.evaluateDecisionTableByKey(DECISION_KEY,
                        Variables.createVariables().putValue("variantMaturity", variantMaturity).putValue("releaseType", releaseType))
                .getSingleResult();
        Map<String, Object> entries = result.getEntryMap();
        return new RolloutPolicy((Boolean) entries.get("customerTestingRequired"), (Boolean) entries.get("pilotRequired"),
                (String) entries.get("feedbackWindow"), (String) entries.get("assessmentWindow"),
                ((Number) entries.get("pilotCapPerSupplier")).intValue(), (String) entries.get("approvalCutoff"),
                (String) entries.get("pilotChoiceWindow"));
    }
}
