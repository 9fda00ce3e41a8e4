package uk.co.dcc.chfirmware.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.MultiValueMap;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;
import uk.co.dcc.chfirmware.security.EngineApiAllowList.Surface;

/**
 * Applies the {@link EngineApiAllowList} to the engine REST API ({@code /engine-rest/**}, after the Basic
 * authentication has set the engine's current user) and to the webapps' APIs ({@code /camunda/api/**}, whose caller
 * is the webapp session's user). A request the caller may not send gets 403 (401 if nobody is logged in), with a
 * message naming the method and the path, and never reaches the engine.
 */
class EngineApiAllowListFilter extends OncePerRequestFilter {

    static final String ENGINE_REST = "/engine-rest";

    private static final Logger LOG = LoggerFactory.getLogger(EngineApiAllowListFilter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<IdentityService> identity;
    private final String engineName;
    private final String webappApi;

    /** @param webappApi the webapps' API root, {@code /camunda/api} with the default application path */
    EngineApiAllowListFilter(Supplier<IdentityService> identity, String engineName, String webappApi) {
        this.identity = identity;
        this.engineName = engineName;
        this.webappApi = webappApi;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        Target target = target(path);
        if (target == null) {
            chain.doFilter(request, response);
            return;
        }
        EngineApiCaller caller = path.startsWith(ENGINE_REST) ? engineRestCaller() : webappCaller(request);
        if (caller.isUnrestricted()
                || canonical(request, path) && EngineApiAllowList.allows(caller, target.surface(), request.getMethod(),
                        target.path(), queryParameters(request))) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("Engine API allow-list let {} {} through for {}", request.getMethod(), printable(path),
                        caller.isAnonymous() ? "anonymous" : caller.userId());
            }
            chain.doFilter(request, response);
            return;
        }
        refuse(request, response, caller, path);
    }

    /** Where the path points: the engine API (relative to the engine) or the webapps' API; null if neither. */
    private Target target(String path) {
        if (path.equals(ENGINE_REST) || path.startsWith(ENGINE_REST + "/")) {
            String rest = path.substring(ENGINE_REST.length());
            return new Target(Surface.ENGINE, rest.startsWith("/engine") ? engineRelative(rest) : rest);
        }
        String webappEngine = webappApi + "/engine";
        if (path.equals(webappEngine) || path.startsWith(webappEngine + "/")) {
            return new Target(Surface.ENGINE, engineRelative(path.substring(webappEngine.length())));
        }
        if (path.startsWith(webappApi + "/")) {
            return new Target(Surface.WEBAPP, path.substring(webappApi.length()));
        }
        return null;
    }

    /** {@code /engine} and {@code /engine/} list the engines; {@code /engine/{name}/task} is {@code /task}. */
    private static String engineRelative(String path) {
        if (path.equals("/engine") || path.equals("/engine/")) {
            return "/engine";
        }
        if (!path.startsWith("/engine/")) {
            return path;
        }
        int end = path.indexOf('/', "/engine/".length());
        return end < 0 ? "" : path.substring(end);
    }

    private EngineApiCaller engineRestCaller() {
        org.camunda.bpm.engine.impl.identity.Authentication current = identity.get().getCurrentAuthentication();
        return current == null || current.getUserId() == null ? EngineApiCaller.ANONYMOUS
                : new EngineApiCaller(current.getUserId(), current.getGroupIds());
    }

    private EngineApiCaller webappCaller(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return EngineApiCaller.ANONYMOUS;
        }
        Authentication authentication = AuthenticationUtil.getAuthsFromSession(session)
                .getAuthenticationForProcessEngine(engineName);
        return authentication instanceof UserAuthentication user
                ? new EngineApiCaller(user.getIdentityId(), user.getGroupIds()) : EngineApiCaller.ANONYMOUS;
    }

    /**
     * The path the allow-list judged must be the one the engine's JAX-RS routing sees: no path parameters
     * ({@code ;x=y}), no encoded dots or separators, nothing the container normalised away.
     */
    private static boolean canonical(HttpServletRequest request, String path) {
        String raw = request.getRequestURI().substring(request.getContextPath().length());
        if (raw.indexOf(';') >= 0) {
            return false;
        }
        try {
            return UriUtils.decode(raw, StandardCharsets.UTF_8).equals(path);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    /**
     * The query's parameters, as the engine's JAX-RS resources read them; never the request's parameter map, which
     * would read a form body the webapps' login still has to read.
     */
    private static Map<String, String[]> queryParameters(HttpServletRequest request) {
        MultiValueMap<String, String> query = UriComponentsBuilder.newInstance().query(request.getQueryString()).build()
                .getQueryParams();
        Map<String, String[]> parameters = new LinkedHashMap<>();
        query.forEach((name, values) -> parameters.put(UriUtils.decode(name, StandardCharsets.UTF_8), values.stream()
                .map(value -> value == null ? "" : UriUtils.decode(value, StandardCharsets.UTF_8)).toArray(String[]::new)));
        return parameters;
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, EngineApiCaller caller,
                               String path) throws IOException {
        String asked = request.getMethod() + " " + printable(path);
        Map<String, String> body = new LinkedHashMap<>();
        if (caller.isAnonymous()) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            body.put("type", "Unauthorized");
            body.put("message", asked + " needs a logged-in user");
        } else {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            body.put("type", "Forbidden");
            body.put("message", "User " + caller.userId() + " may not " + asked + ": suppliers, CSPs and DCC Testing "
                    + "reach only what Tasklist and the CSPs' external task worker need (docs/authorization-matrix.md)");
        }
        LOG.info("Engine API allow-list refused {} for {}", asked, caller.isAnonymous() ? "anonymous" : caller.userId());
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        JSON.writeValue(response.getOutputStream(), body);
    }

    /** The path as it may appear in a log line or a message: no control characters. */
    private static String printable(String path) {
        return path.replaceAll("\\p{Cntrl}", "?");
    }

    record Target(Surface surface, String path) {
    }
}
