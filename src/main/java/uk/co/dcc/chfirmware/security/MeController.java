package uk.co.dcc.chfirmware.security;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import uk.co.dcc.chfirmware.shared.CspRegion;

/** Who the caller is, so that a page can show each actor its own view. */
@RestController
class MeController {

    private final CurrentActor actor;

    MeController(CurrentActor actor) {
        this.actor = actor;
    }

    @GetMapping("/api/me")
    Me me() {
        String region = actor.cspRegion().map(CspRegion::name).orElse(null);
        return new Me(actor.userId(), actor.groups(), actor.isIn(Actors.DCC), actor.supplierCode().orElse(null), region);
    }

    /** The caller's user id and groups; {@code dcc} when it acts for DCC, its supplier code or CSP region if any. */
    record Me(String userId, List<String> groups, boolean dcc, String supplierCode, String cspRegion) {
    }
}
