package uk.co.dcc.chfirmware.insight.evidence;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import uk.co.dcc.chfirmware.security.Actors;
import uk.co.dcc.chfirmware.security.CurrentActor;
import uk.co.dcc.chfirmware.security.ForbiddenException;

/**
 * The evidence for retiring the co-operative phase (R38), DCC's alone: it counts every supplier's pilots, assessments,
 * feedback and holds across releases, so suppliers, the CSPs and DCC Testing are refused.
 */
@RestController
@RequestMapping("/api/evidence")
class EvidenceController {

    private final RetirementEvidence evidence;
    private final CurrentActor actor;

    EvidenceController(RetirementEvidence evidence, CurrentActor actor) {
        this.evidence = evidence;
        this.actor = actor;
    }

    @Operation(summary = "DCC only: per CH variant, its latest releases with a pilot summed (pilot failure and problem rates, "
            + "feedback, hubs held, time in customer testing and pilot, mass-rollout failures) next to today's rollout policy "
            + "for its maturity, read against the threshold rule of docs/evidence.md")
    @GetMapping
    List<RetirementEvidence.VariantEvidence> everyVariant() {
        requireDcc();
        return evidence.everyVariant();
    }

    @Operation(summary = "DCC only: one CH variant's evidence with each of its releases' figures, oldest first")
    @GetMapping("/variants/{variantId}")
    RetirementEvidence.VariantReleases variant(@PathVariable long variantId) {
        requireDcc();
        return evidence.variant(variantId);
    }

    private void requireDcc() {
        if (!actor.isIn(Actors.DCC)) {
            throw new ForbiddenException("The evidence for retiring the co-operative phase is DCC's alone");
        }
    }
}
