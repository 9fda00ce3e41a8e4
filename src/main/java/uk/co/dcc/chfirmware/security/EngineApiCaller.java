package uk.co.dcc.chfirmware.security;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Who calls the engine API, as the engine REST API's Basic authentication or the webapps' session knows it, and the
 * parts of the {@link EngineApiAllowList} that follow from the caller's Camunda groups. A user in no actor group gets
 * only what any logged-in user gets; {@code null} user means nobody logged in.
 */
record EngineApiCaller(String userId, List<String> groups) {

    static final String CAMUNDA_ADMIN = "camunda-admin";
    static final EngineApiCaller ANONYMOUS = new EngineApiCaller(null, List.of());

    EngineApiCaller {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    boolean isAnonymous() {
        return userId == null;
    }

    /** DCC and the administrators: the engine's own authorizations decide everything they ask for. */
    boolean isUnrestricted() {
        return groups.contains(Actors.DCC) || groups.contains(CAMUNDA_ADMIN);
    }

    Set<EngineApiAllowList.Part> parts() {
        if (isAnonymous()) {
            return EnumSet.of(EngineApiAllowList.Part.PUBLIC);
        }
        Set<EngineApiAllowList.Part> parts = EnumSet.of(EngineApiAllowList.Part.PUBLIC, EngineApiAllowList.Part.ACCOUNT);
        for (String group : groups) {
            if (group.equals(Actors.DCC_TESTING) || group.startsWith(Actors.SUPPLIER_PREFIX)) {
                parts.add(EngineApiAllowList.Part.TASKLIST);
            } else if (group.equals(Actors.CSP_NORTH) || group.equals(Actors.CSP_CENTRAL_SOUTH)) {
                parts.add(EngineApiAllowList.Part.TASKLIST);
                parts.add(EngineApiAllowList.Part.EXTERNAL_TASK_WORKER);
            }
        }
        return parts;
    }
}
