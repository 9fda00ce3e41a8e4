package uk.co.dcc.chfirmware.release;

import static uk.co.dcc.chfirmware.release.ReleaseVariables.*;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import uk.co.dcc.chfirmware.security.Actors;
import uk.co.dcc.chfirmware.security.CurrentActor;

/** Firmware releases: submitted and withdrawn by DCC, readable by every actor. */
@RestController
@RequestMapping("/api/releases")
class ReleaseController {

    /** As long as the release's closing reason and the audit trail keep it. */
    static final int MAX_REASON = 2000;

    private final ReleaseService releases;
    private final ReleaseWithdrawal withdrawal;
    private final RuntimeService runtime;
    private final CurrentActor actor;

    ReleaseController(ReleaseService releases, ReleaseWithdrawal withdrawal, RuntimeService runtime, CurrentActor actor) {
        this.releases = releases;
        this.withdrawal = withdrawal;
        this.runtime = runtime;
        this.actor = actor;
    }

    /**
     * Submits a release, as the Tasklist start form does; registration follows asynchronously. A field that is wrong on
     * its own is refused at once (400 naming it), before any process starts.
     */
    @PostMapping
    ResponseEntity<Map<String, String>> submit(@RequestBody ReleaseRegistration release) {
        actor.require(Actors.DCC);
        release.checkFields();
        ProcessInstance instance = runtime.startProcessInstanceByKey("ch-firmware-release", Variables.createVariables()
                .putValue(VARIANT_ID, release.variantId())
                .putValue(FIRMWARE_VERSION, release.firmwareVersion())
                .putValue(RELEASE_TYPE, release.type())
                .putValue(IMAGE_SHA256, release.imageSha256())
                .putValue(RELEASE_NOTES, release.releaseNotes()));
        return ResponseEntity.accepted()
                .location(URI.create("/engine-rest/process-instance/" + instance.getId()))
                .body(Map.of("processInstanceId", instance.getId()));
    }

    @GetMapping
    List<ReleaseView> list() {
        return releases.list().stream().map(this::asSeen).toList();
    }

    @GetMapping("/{releaseId}")
    ReleaseView get(@PathVariable long releaseId) {
        return releases.find(releaseId).map(this::asSeen).orElseThrow(() -> new ReleaseNotFoundException(releaseId));
    }

    /**
     * The release as the caller may see it: a supplier is not shown the words of a CSP's or DCC Testing's rejection
     * (the stage says where it ended); DCC's own reasons (withdrawal, its decisions) and the system's stay.
     */
    private ReleaseView asSeen(ReleaseView release) {
        boolean othersWords = ReleaseStatus.REJECTED.name().equals(release.status())
                && release.closedStage() != null
                && (release.closedStage().startsWith("CSP_APPROVAL") || release.closedStage().equals("DCC_TESTING"));
        if (!othersWords || actor.supplierCode().isEmpty()) {
            return release;
        }
        return new ReleaseView(release.id(), release.variantId(), release.variantName(), release.firmwareVersion(),
                release.releaseType(), release.imageSha256(), release.status(), release.processInstanceId(),
                release.registeredBy(), release.registeredAt(), release.closedStage(), null);
    }

    /** DCC withdraws the release at whatever stage it has reached. */
    @PostMapping("/{releaseId}/withdrawal")
    ResponseEntity<ReleaseView> withdraw(@PathVariable long releaseId, @RequestBody WithdrawalRequest request) {
        actor.require(Actors.DCC);
        if (request.reason() == null || request.reason().isBlank()) {
            throw new IllegalArgumentException("reason: say why the release is withdrawn");
        }
        if (request.reason().length() > MAX_REASON) {
            throw new IllegalArgumentException("reason: at most " + MAX_REASON + " characters");
        }
        withdrawal.withdraw(releaseId, request.reason(), actor.userId());
        return ResponseEntity.accepted().body(get(releaseId));
    }

    record WithdrawalRequest(String reason) {
    }
}
