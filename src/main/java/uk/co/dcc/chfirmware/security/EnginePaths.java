package uk.co.dcc.chfirmware.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Where the engine REST API is served: {@code /engine-rest/**}, and for the webapps (Cockpit, Tasklist, Admin)
 * {@code /camunda/api/engine/**}; and where the webapps log in.
 */
final class EnginePaths {

    static final String ENGINE_REST = "/engine-rest";
    /** The webapps' application path ({@code camunda.bpm.webapp.application-path}). */
    static final String WEBAPP = "/camunda";
    static final String WEBAPP_ENGINE_REST = WEBAPP + "/api/engine";
    static final String WEBAPP_AUTHENTICATION = WEBAPP + "/api/admin/auth/user";

    private EnginePaths() {
    }

    static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    static boolean isEngineRest(HttpServletRequest request) {
        String path = path(request);
        return under(path, ENGINE_REST) || under(path, WEBAPP_ENGINE_REST);
    }

    /** {@code POST /camunda/api/admin/auth/user/{engine}/login/{app}}: the webapps' login form. */
    static boolean isWebappLogin(HttpServletRequest request) {
        String path = path(request);
        return "POST".equals(request.getMethod()) && under(path, WEBAPP_AUTHENTICATION)
                && path.substring(WEBAPP_AUTHENTICATION.length()).matches("/[^/]+/login/[^/]+/?");
    }

    static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
