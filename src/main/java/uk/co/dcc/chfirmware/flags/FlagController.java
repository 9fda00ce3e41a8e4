package uk.co.dcc.chfirmware.flags;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import uk.co.dcc.chfirmware.security.Actors;
import uk.co.dcc.chfirmware.security.CurrentActor;
import uk.co.dcc.chfirmware.security.ForbiddenException;

/**
 * Flags for other customers (R30) and the configuration sets the industry is leaving (R27): suppliers, DCC and the CSPs
 * read them; a supplier raises and lowers its own flags; DCC sets whose hubs a flag suspends and marks leaving sets.
 * DCC Testing reaches none of it. No answer or refusal to a supplier names the supplier that raised a flag.
 */
@RestController
class FlagController {

    private final FlagService flags;
    private final LeavingSets leaving;
    private final CurrentActor actor;

    FlagController(FlagService flags, LeavingSets leaving, CurrentActor actor) {
        this.flags = flags;
        this.leaving = leaving;
        this.actor = actor;
    }

    @Operation(summary = "The active flags: what each is on, why, when and whose hubs it suspends; a supplier also whether it "
            + "is its own and how many of its hubs it matches; DCC alone who raised it and its history")
    @GetMapping("/api/flags")
    List<Flag> flags() {
        requireReader();
        return flags.active(actor.supplierCode().orElse(null), actor.isIn(Actors.DCC));
    }

    @Operation(summary = "A supplier raises a flag on something its own hubs run, with a reason: "
            + "{\"target\":\"CONFIGURATION_SET\",\"configurationSet\":\"DPL-3F2A0C91B7\",\"reason\":\"defect in triage\"}; "
            + "HAN_DEVICE_MODEL takes model (and deviceType), HAN_DEVICE_FIRMWARE model and firmwareVersion, CH_FIRMWARE "
            + "variantId and firmwareVersion. The upgrade of its matching hubs is suspended in every release at once")
    @PostMapping("/api/flags")
    @ResponseStatus(HttpStatus.CREATED)
    Flag raise(@RequestBody FlagService.FlagRequest request) {
        return flags.raise(supplier("Only a supplier raises a flag"), request, actor.userId());
    }

    @Operation(summary = "The supplier that raised the flag lowers it, with a reason; anyone else's or an unknown flag is 404")
    @PostMapping("/api/flags/{flagId}/lower")
    Flag lower(@PathVariable long flagId, @RequestBody ReasonRequest request) {
        return flags.lower(supplier("Only the supplier that raised a flag lowers it; DCC lifts its suspension "
                + "(PUT /api/flags/{flagId}/suspension)"), flagId, request.reason(), actor.userId());
    }

    @Operation(summary = "DCC only: whose matching hubs the flag suspends, with a reason: RAISER (the raiser's own), "
            + "INDUSTRY (every supplier's) or LIFTED (nobody's)")
    @PutMapping("/api/flags/{flagId}/suspension")
    Flag suspension(@PathVariable long flagId, @RequestBody FlagService.SuspensionRequest request) {
        requireDcc("Only DCC changes whose hubs a flag suspends");
        return flags.suspend(flagId, request, actor.userId());
    }

    @Operation(summary = "The configuration sets the industry is leaving: a supplier with how many of its own hubs are in "
            + "each; DCC with who marked it")
    @GetMapping("/api/leaving-sets")
    List<LeavingSets.Mark> leavingSets() {
        requireReader();
        return leaving.active(actor.supplierCode().orElse(null), actor.isIn(Actors.DCC));
    }

    @Operation(summary = "DCC only: marks a deployed configuration set as one the industry is leaving, with a reason: "
            + "{\"configurationSet\":\"DPL-3F2A0C91B7\",\"reason\":\"...\"}; each supplier with hubs in it is told how many")
    @PostMapping("/api/leaving-sets")
    @ResponseStatus(HttpStatus.CREATED)
    LeavingSets.Mark mark(@RequestBody LeavingSets.MarkRequest request) {
        requireDcc("Only DCC marks the configuration sets the industry is leaving");
        return leaving.mark(request, actor.userId());
    }

    @Operation(summary = "DCC only: ends a leaving mark, with a reason; the suppliers with hubs in the set are told")
    @PostMapping("/api/leaving-sets/{markId}/end")
    LeavingSets.Mark unmark(@PathVariable long markId, @RequestBody ReasonRequest request) {
        requireDcc("Only DCC ends a leaving mark");
        return leaving.end(markId, request.reason(), actor.userId());
    }

    private String supplier(String refusal) {
        return actor.supplierCode().orElseThrow(() -> new ForbiddenException(refusal));
    }

    private void requireDcc(String refusal) {
        if (!actor.isIn(Actors.DCC)) {
            throw new ForbiddenException(refusal);
        }
    }

    /** Suppliers, DCC and the CSPs read flags and leaving marks. */
    private void requireReader() {
        if (actor.supplierCode().isEmpty() && actor.cspRegion().isEmpty() && !actor.isIn(Actors.DCC)) {
            throw new ForbiddenException("Flags and leaving sets are for suppliers, DCC and the CSPs");
        }
    }

    record ReasonRequest(String reason) {
    }
}
