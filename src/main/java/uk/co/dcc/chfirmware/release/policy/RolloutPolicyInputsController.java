package uk.co.dcc.chfirmware.release.policy;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import uk.co.dcc.chfirmware.security.Actors;
import uk.co.dcc.chfirmware.security.CurrentActor;

/**
 * DCC administers what the rollout policy is decided from (R24, docs/policy-administration.md): each CH variant's
 * maturity, and whether participation in the pilot is mandated per maturity. DCC only; everyone else 403.
 */
@RestController
class RolloutPolicyInputsController {

    private final VariantMaturities maturities;
    private final ParticipationMandates mandates;
    private final CurrentActor actor;

    RolloutPolicyInputsController(VariantMaturities maturities, ParticipationMandates mandates, CurrentActor actor) {
        this.maturities = maturities;
        this.mandates = mandates;
        this.actor = actor;
    }

    record MaturityChange(String maturity, String reason) {
    }

    record MandateChange(String variantMaturity, Boolean mandated, String reason) {
    }

    record ParticipationPolicy(List<ParticipationMandates.Mandate> current, List<ParticipationMandates.Mandate> history) {
    }

    @GetMapping("/api/variants")
    @Operation(summary = "DCC: every CH variant with its maturity and the record of its changes")
    List<VariantMaturities.Variant> variants() {
        actor.require(Actors.DCC);
        return maturities.list();
    }

    @PutMapping("/api/variants/{variantId}/maturity")
    @Operation(summary = "DCC sets a CH variant's maturity, with a reason; releases decided from now on use it",
            description = "{\"maturity\": \"MATURE\", \"reason\": \"…\"}; NEW, ESTABLISHED or MATURE; a running release keeps "
                    + "the maturity of its policy decision")
    VariantMaturities.Variant changeMaturity(@PathVariable long variantId, @RequestBody MaturityChange change) {
        actor.require(Actors.DCC);
        return maturities.change(variantId, change.maturity(), change.reason(), actor.userId());
    }

    @GetMapping("/api/participation-policy")
    @Operation(summary = "DCC: whether participation in the pilot is mandated, per variant maturity, and every decision")
    ParticipationPolicy participationPolicy() {
        actor.require(Actors.DCC);
        return new ParticipationPolicy(mandates.current(), mandates.history());
    }

    @PutMapping("/api/participation-policy")
    @Operation(summary = "DCC decides whether participation in the pilot is mandated for variants of a maturity",
            description = "{\"variantMaturity\": \"NEW\", \"mandated\": true, \"reason\": \"…\"}; releases decided from now on "
                    + "take it; mandated: a supplier cannot opt out of the pilot")
    ParticipationMandates.Mandate decideParticipation(@RequestBody MandateChange change) {
        actor.require(Actors.DCC);
        return mandates.decide(change.variantMaturity(), change.mandated(), change.reason(), actor.userId());
    }
}
