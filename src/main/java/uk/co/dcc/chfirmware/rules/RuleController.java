package uk.co.dcc.chfirmware.rules;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import uk.co.dcc.chfirmware.security.Actors;
import uk.co.dcc.chfirmware.security.CurrentActor;
import uk.co.dcc.chfirmware.security.ForbiddenException;

/**
 * A supplier's standing rules (issue 11, item 4): list its own (with where each was applied and what each event rule did
 * when it fired), preview one ("this rule would approve 41,210 of your hubs in release 7"), save one (a STANCE rule is
 * applied at once to every open release it matches; NEW_INSTALLS and EVENT rules: docs/rules.md), end one. DCC reads every
 * supplier's rules; nobody else reaches them.
 */
@RestController
@RequestMapping("/api/rules")
class RuleController {

    private final RuleService rules;
    private final CurrentActor actor;

    RuleController(RuleService rules, CurrentActor actor) {
        this.rules = rules;
        this.actor = actor;
    }

    @GetMapping
    List<SupplierRule> list() {
        if (actor.isIn(Actors.DCC)) {
            return rules.rules(null);
        }
        return rules.rules(supplier());
    }

    /**
     * {@code {"action":"HOLD","variantId":3,"cspRegion":"NORTH","configurationSet":"CS-02","reason":"..."}}, or with
     * {@code "kind":"NEW_INSTALLS","action":"WAIT","installedWithinDays":30} or {@code "kind":"EVENT",
     * "event":"BATCH_FAILURE_RATE","failureRatePercent":5,"action":"PAUSE"}.
     */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    SupplierRule create(@RequestBody RuleService.RuleRequest request) {
        return rules.create(supplier(), request, actor.userId());
    }

    @PostMapping("/preview")
    RulePreview preview(@RequestBody RuleService.RuleRequest request) {
        return rules.preview(supplier(), request);
    }

    @PostMapping("/{ruleId}/end")
    SupplierRule end(@PathVariable long ruleId, @RequestBody EndRequest request) {
        return rules.end(supplier(), ruleId, request.reason(), actor.userId());
    }

    private String supplier() {
        return actor.supplierCode().orElseThrow(() -> new ForbiddenException("Only a supplier keeps standing rules"));
    }

    record EndRequest(String reason) {
    }
}
