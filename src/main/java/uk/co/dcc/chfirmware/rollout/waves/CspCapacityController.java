package uk.co.dcc.chfirmware.rollout.waves;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import uk.co.dcc.chfirmware.security.Actors;
import uk.co.dcc.chfirmware.security.CurrentActor;
import uk.co.dcc.chfirmware.shared.CspRegion;

/** DCC reads and changes each CSP's hourly capacity over every release (issue 14 item 6; docs/rollout-control.md). */
@RestController
@RequestMapping("/api/rollout/capacity")
class CspCapacityController {

    private final CspCapacity capacity;
    private final CurrentActor actor;

    CspCapacityController(CspCapacity capacity, CurrentActor actor) {
        this.capacity = capacity;
        this.actor = actor;
    }

    record CapChange(Long maxHubsPerHour, String reason) {
    }

    @GetMapping
    @Operation(summary = "DCC: the most hubs each CSP region is handed in any hour, over every release, and its last change")
    List<CspCapacity.Cap> caps() {
        actor.require(Actors.DCC);
        return capacity.caps();
    }

    @PutMapping("/{cspRegion}")
    @Operation(summary = "DCC sets a CSP region's hourly cap; rollouts and pilots it held back look again at once",
            description = "{\"maxHubsPerHour\": 60000, \"reason\": \"…\"}; 1 to 100,000,000 hubs, a reason required")
    CspCapacity.Cap set(@PathVariable String cspRegion, @RequestBody CapChange change) {
        actor.require(Actors.DCC);
        CspRegion region;
        try {
            region = CspRegion.valueOf(cspRegion.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cspRegion: NORTH or CENTRAL_SOUTH");
        }
        if (change == null || change.maxHubsPerHour() == null) {
            throw new IllegalArgumentException("maxHubsPerHour: required");
        }
        return capacity.set(region, change.maxHubsPerHour(), RolloutController.requiredReason(change.reason()), actor.userId());
    }
}
