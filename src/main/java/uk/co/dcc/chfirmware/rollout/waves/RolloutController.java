package uk.co.dcc.chfirmware.rollout.waves;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import uk.co.dcc.chfirmware.security.Actors;
import uk.co.dcc.chfirmware.security.CurrentActor;
import uk.co.dcc.chfirmware.security.ForbiddenException;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * Administering a release's rollout (R13, R18, R19, R23): DCC pauses, resumes and stops it, sets its schedule and
 * HAN prerequisite, removes hubs and puts hubs whose attempt did not succeed back in; a CSP pauses and resumes its
 * own region; a supplier schedules its own hubs. See docs/rollout-control.md.
 */
@RestController
@RequestMapping("/api/releases/{releaseId}")
class RolloutController {

    /** Suppliers' dates are UK days, as {@link RolloutHubs#schedule} reads them. */
    private static final ZoneId UK = ZoneId.of("Europe/London");

    private final RolloutControl control;
    private final BatchSchedules schedules;
    private final RolloutHubs hubs;
    private final CurrentActor actor;
    private final Clock clock;
    private final RolloutView view;

    RolloutController(RolloutControl control, BatchSchedules schedules, RolloutHubs hubs, CurrentActor actor,
                      RolloutView view, Clock clock) {
        this.control = control;
        this.view = view;
        this.schedules = schedules;
        this.hubs = hubs;
        this.actor = actor;
        this.clock = clock;
    }

    record Reason(String reason) {
        String required() {
            return requiredReason(reason);
        }
    }

    /** A reason is required and recorded exactly as given: at most 2,000 characters, no control characters but lines. */
    static String requiredReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason: say why");
        }
        if (reason.length() > 2000) {
            throw new IllegalArgumentException("reason: at most 2000 characters, was " + reason.length());
        }
        if (reason.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            throw new IllegalArgumentException("reason: control characters are not allowed");
        }
        return reason;
    }

    record Exclusion(List<String> guids, String supplierCode, String reason) {
    }

    record Schedule(LocalDate date, List<String> guids, Boolean allMyHubs) {
    }

    record RetryRequest(List<String> results, String supplierCode, List<String> guids, String reason) {
    }

    @GetMapping("/rollout")
    @Operation(summary = "The rollout's state, paused regions, waves, hubs remaining, held by the prerequisite and kept "
            + "out until DCC asks for a retry (by result), settings and event log: DCC the whole estate, a CSP its own "
            + "region only (see RolloutView); a supplier 403")
    Map<String, Object> rollout(@PathVariable long releaseId) {
        if (actor.isIn(Actors.DCC)) {
            return view.whole(releaseId);
        }
        CspRegion region = actor.cspRegion().orElseThrow(() -> new ForbiddenException(
                "A release's rollout is for DCC and the CSPs; a supplier follows its own hubs in /api/estate/summary"));
        return view.ofRegion(releaseId, region);
    }

    @PostMapping("/rollout/pause")
    @Operation(summary = "DCC pauses the whole rollout; a CSP pauses it in its own region. Open batches no CSP has "
            + "fetched are suspended")
    Map<String, Object> pause(@PathVariable long releaseId, @RequestBody Reason request) {
        CspRegion region = actor.isIn(Actors.DCC) ? null : ownRegion(); // who may, before what was sent
        String reason = request.required();
        if (region == null) {
            control.pause(releaseId, reason, actor.userId());
        } else {
            control.pauseRegion(releaseId, region, reason, actor.userId());
        }
        return rollout(releaseId);
    }

    @PostMapping("/rollout/resume")
    @Operation(summary = "DCC resumes the whole rollout; a CSP resumes its own region")
    Map<String, Object> resume(@PathVariable long releaseId, @RequestBody Reason request) {
        CspRegion region = actor.isIn(Actors.DCC) ? null : ownRegion(); // who may, before what was sent
        String reason = request.required();
        if (region == null) {
            control.resume(releaseId, reason, actor.userId());
        } else {
            control.resumeRegion(releaseId, region, reason, actor.userId());
        }
        return rollout(releaseId);
    }

    @PostMapping("/rollout/stop")
    @Operation(summary = "DCC stops the mass rollout: no further batches, open ones cancelled, the release ends STOPPED")
    Map<String, Object> stop(@PathVariable long releaseId, @RequestBody Reason request) {
        actor.require(Actors.DCC);
        control.stop(releaseId, request.required(), actor.userId());
        return rollout(releaseId);
    }

    @PutMapping("/rollout/settings")
    @Operation(summary = "DCC sets the release's not-before time, daily window and HAN prerequisite",
            description = "A not-before time in the past is refused (400).")
    RolloutSettings settings(@PathVariable long releaseId, @RequestBody RolloutSettings settings) {
        actor.require(Actors.DCC);
        return schedules.configure(releaseId, settings, actor.userId());
    }

    @PostMapping("/rollout/exclusions")
    @Operation(summary = "DCC removes hubs (a GUID list, or every hub of a supplier) from the rollout")
    RolloutHubs.Removal exclude(@PathVariable long releaseId, @RequestBody Exclusion request) {
        actor.require(Actors.DCC);
        boolean byGuid = request.guids() != null && !request.guids().isEmpty();
        if (byGuid == (request.supplierCode() != null)) {
            throw new IllegalArgumentException("guids, supplierCode: give a GUID list or a supplier code, not both");
        }
        return hubs.exclude(releaseId, request.guids(), request.supplierCode(), new Reason(request.reason()).required(),
                actor.userId());
    }

    @PostMapping("/rollout/retry")
    @Operation(summary = "DCC puts hubs whose latest mass-rollout attempt did not succeed back into the rollout: "
            + "results (one or more of FAILED, SKIPPED, NO_REPORT) and optionally one supplier's hubs or a GUID list. "
            + "FAILED hubs come back only this way; SKIPPED and NO_REPORT hubs come back by themselves until they have had "
            + "chfw.rollout.max-attempts. 409 unless the release is in mass rollout")
    RolloutHubs.Retry retry(@PathVariable long releaseId, @RequestBody RetryRequest request) {
        actor.require(Actors.DCC);
        boolean byGuid = request.guids() != null && !request.guids().isEmpty();
        if (byGuid && request.supplierCode() != null) {
            throw new IllegalArgumentException("guids, supplierCode: give a GUID list or a supplier code, or neither, not both");
        }
        return hubs.retry(releaseId, request.results(), request.supplierCode(), byGuid ? request.guids() : null,
                new Reason(request.reason()).required(), actor.userId());
    }

    @PostMapping("/schedules")
    @Operation(summary = "A supplier schedules its own hubs of the release (a GUID list, or all of them) for a date; "
            + "they are not published before it. GUIDs outside its estate are answered as unknown. A date before today "
            + "(UK time) or more than a year ahead is refused")
    Map<String, Object> schedule(@PathVariable long releaseId, @RequestBody Schedule request) {
        String supplier = actor.supplierCode().orElseThrow(() -> new ForbiddenException("Only a supplier schedules its hubs"));
        if (request.date() == null) {
            throw new IllegalArgumentException("date: the day the hubs may be upgraded from, such as 2026-12-01");
        }
        LocalDate today = LocalDate.now(clock.withZone(UK));
        if (request.date().isBefore(today)) {
            throw new IllegalArgumentException("date: " + request.date() + " is in the past (today is " + today
                    + " in the UK); schedule for today or later");
        }
        if (request.date().isAfter(today.plusYears(1))) {
            // a split hub waits for the later of its suppliers' dates: no supplier holds the other side back for longer
            throw new IllegalArgumentException("date: at most a year ahead (" + today.plusYears(1) + "), was " + request.date());
        }
        boolean all = Boolean.TRUE.equals(request.allMyHubs());
        boolean listed = request.guids() != null && !request.guids().isEmpty();
        if (all == listed) {
            throw new IllegalArgumentException("guids, allMyHubs: give a GUID list or allMyHubs true, not both");
        }
        long scheduled = hubs.schedule(releaseId, supplier, request.date(), all ? null : request.guids(), actor.userId());
        return Map.of("scheduled", scheduled, "date", request.date());
    }

    private CspRegion ownRegion() {
        return actor.cspRegion().orElseThrow(
                () -> new ForbiddenException("User " + actor.userId() + " may not pause or resume this rollout"));
    }
}
