package uk.co.dcc.chfirmware.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The health and metrics endpoints ({@code /actuator}: health with the database, the engine and the job executor's
 * backlog; Prometheus metrics) are for DCC, operations ({@code ops}) and the administrator only. Anonymous callers get
 * 401 from the HTTP Basic authentication in front of this guard; every other user (suppliers, CSPs, DCC Testing) 403,
 * as the metrics count every supplier's and region's work (docs/operations.md).
 */
class OpsEndpointGuard extends OncePerRequestFilter {

    static final String ACTUATOR = "/actuator";
    static final Set<String> READERS = Set.of(Actors.DCC, Actors.OPS, Actors.ADMIN_GROUP);

    private final IdentityService identity;

    OpsEndpointGuard(IdentityService identity) {
        this.identity = identity;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = identity.getCurrentAuthentication();
        List<String> groups = authentication == null || authentication.getGroupIds() == null ? List.of()
                : authentication.getGroupIds();
        if (groups.stream().noneMatch(READERS::contains)) {
            FilterErrors.write(request, response, HttpStatus.FORBIDDEN, "AuthorizationException",
                    "Health and metrics are for DCC and operations only");
            return;
        }
        chain.doFilter(request, response);
    }
}
