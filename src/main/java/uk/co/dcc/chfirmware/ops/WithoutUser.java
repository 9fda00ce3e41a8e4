package uk.co.dcc.chfirmware.ops;

import java.util.function.Supplier;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;

/**
 * Runs the health checks' and metrics' engine queries as the application rather than as the caller: the caller (DCC or
 * operations, as OpsEndpointGuard lets through) may not query incidents or jobs through the engine (EngineAccessGuard),
 * and the figures are the whole engine's anyway.
 */
final class WithoutUser {

    private WithoutUser() {
    }

    static <T> T query(IdentityService identity, Supplier<T> query) {
        Authentication caller = identity.getCurrentAuthentication();
        identity.clearAuthentication();
        try {
            return query.get();
        } finally {
            if (caller != null) {
                identity.setAuthentication(caller);
            }
        }
    }
}
