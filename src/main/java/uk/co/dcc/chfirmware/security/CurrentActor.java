package uk.co.dcc.chfirmware.security;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.shared.CspRegion;

/** Who is calling the product's API, as authenticated against the Camunda identity for this request. */
@Component
public class CurrentActor {

    private final IdentityService identity;

    public CurrentActor(IdentityService identity) {
        this.identity = identity;
    }

    public String userId() {
        return authentication().getUserId();
    }

    public List<String> groups() {
        List<String> groups = authentication().getGroupIds();
        return groups == null ? List.of() : groups;
    }

    public boolean isIn(String group) {
        return groups().contains(group) || groups().contains("camunda-admin");
    }

    /** The supplier the caller acts for, if it is a supplier. */
    public Optional<String> supplierCode() {
        return groups().stream().filter(group -> group.startsWith(Actors.SUPPLIER_PREFIX))
                .map(group -> group.substring(Actors.SUPPLIER_PREFIX.length())).findFirst();
    }

    /** The CSP region the caller works for, if it is a CSP. */
    public Optional<CspRegion> cspRegion() {
        return Arrays.stream(CspRegion.values()).filter(region -> groups().contains(region.cspGroup())).findFirst();
    }

    /** Refuses the request unless the caller is in one of the groups. */
    public void require(String... anyOf) {
        for (String group : anyOf) {
            if (isIn(group)) {
                return;
            }
        }
        throw new ForbiddenException("User " + userId() + " may not do this");
    }

    private Authentication authentication() {
        Authentication authentication = identity.getCurrentAuthentication();
        if (authentication == null) {
            throw new ForbiddenException("Not authenticated");
        }
        return authentication;
    }
}
