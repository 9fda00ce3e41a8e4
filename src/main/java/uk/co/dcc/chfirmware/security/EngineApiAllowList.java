package uk.co.dcc.chfirmware.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * What each actor may ask of the engine API, whichever way it comes in: the engine REST API ({@code /engine-rest},
 * HTTP Basic) and the webapps' own mount of it ({@code /camunda/api/engine/engine/{name}}, the Tasklist session), plus
 * the webapps' other APIs ({@code /camunda/api/{cockpit,tasklist,admin,welcome}}).
 *
 * <p>DCC and the administrators ({@code camunda-admin}) are not limited here: the engine's authorizations decide.
 * Everyone else gets exactly the parts its groups give it, and nothing else: suppliers and DCC Testing what Camunda
 * Tasklist calls to show and work their tasks; the CSPs that, and the external task worker contract
 * (docs/csp-integration.md). The engine's authorizations still apply to whatever passes; this list takes away whole
 * resources that the engine would answer with counts, statistics, metrics, server paths or admin actions.
 */
final class EngineApiAllowList {

    /** A part of the list, given by the caller's groups ({@link EngineApiCaller#parts()}). */
    enum Part {
        /** Anybody, logged in or not: the engine list, the webapps' login, logout and static plugin files. */
        PUBLIC("anyone, logged in or not"),
        /** Any logged-in user: its own profile, password and groups. */
        ACCOUNT("any logged-in user"),
        /** Suppliers, CSPs and DCC Testing: what Camunda Tasklist calls to list, show, claim and complete their tasks. */
        TASKLIST("suppliers, CSPs, DCC Testing (Tasklist)"),
        /** The CSPs: the external task worker contract of topic ch-firmware-upgrade. */
        EXTERNAL_TASK_WORKER("CSPs (external task worker)");

        private final String who;

        Part(String who) {
            this.who = who;
        }

        String who() {
            return who;
        }
    }

    /** Where a path is taken from: the engine API (relative to the engine) or the webapps' API (relative to .../api). */
    enum Surface {
        ENGINE, WEBAPP
    }

    /** A path variable, or a query parameter's required value, that must be the caller's own user id. */
    static final String SELF = "{self}";
    /** A query parameter's required value: present, any value. */
    static final String ANY = "{any}";

    /**
     * A request the list lets through: a method, a path pattern and what its query must carry. A path variable
     * named {@code self} and a query parameter required as {@link #SELF} must be the caller's own user id.
     */
    record Rule(Part part, Surface surface, Set<String> methods, String path, PathPattern pattern,
                Map<String, String> query) {

        boolean matches(EngineApiCaller caller, Surface surface, String method, PathContainer path,
                        Map<String, String[]> parameters) {
            if (this.surface != surface || !methods.contains(method)) {
                return false;
            }
            PathPattern.PathMatchInfo match = pattern.matchAndExtract(path);
            if (match == null) {
                return false;
            }
            String self = match.getUriVariables().get("self");
            if (self != null && !self.equals(caller.userId())) {
                return false;
            }
            return query.entrySet().stream().allMatch(required -> {
                String[] values = parameters.get(required.getKey());
                return values != null && values.length > 0 && (ANY.equals(required.getValue())
                        || Arrays.stream(values).allMatch(value -> value.equals(caller.userId())));
            });
        }

        /** For the documentation: {@code GET /user/{self}/profile}, {@code GET /identity/groups?userId={self}}. */
        String describe() {
            String prefix = surface == Surface.ENGINE ? "" : "/camunda/api";
            String required = query.isEmpty() ? "" : query.entrySet().stream()
                    .map(entry -> entry.getKey() + "=" + entry.getValue()).sorted().collect(Collectors.joining("&", "?", ""));
            return String.join("|", methods.stream().sorted().toList()) + " " + prefix + path + required;
        }
    }

    /**
     * {@code {id}} in a rule is an engine id: a UUID (the Spring Boot starter's id generator) or a number (the engine's
     * own). Never a word, so that {@code /task/{id}} does not also let through the engine's {@code /task/create}, nor
     * {@code /external-task/{id}} its {@code /external-task/topic-names}.
     */
    private static final String ID = "[0-9a-fA-F]+(?:-[0-9a-fA-F]+){4}|[0-9]+";
    /** {@code {definitionId}}: a process definition id, key, version and an engine id; never {@code statistics}. */
    private static final String DEFINITION_ID = "[^:]+:[0-9]+:(?:" + ID + ")";

    private static final PathPatternParser PATTERNS = new PathPatternParser();

    private static final List<Rule> RULES = new ArrayList<>();

    static {
        // Anybody: which engines there are; the webapps' login page, login, logout and who is logged in.
        engine(Part.PUBLIC, "GET", "/engine");
        webapp(Part.PUBLIC, "GET", "/admin/auth/user/{engine}");
        webapp(Part.PUBLIC, "POST", "/admin/auth/user/{engine}/login/{app}");
        webapp(Part.PUBLIC, "POST", "/admin/auth/user/{engine}/logout");
        webapp(Part.PUBLIC, "GET", "/{app}/plugin/{plugin}/static/**");

        // Any logged-in user: its own profile, password and groups (the Welcome page and Tasklist's header).
        engine(Part.ACCOUNT, "GET|PUT", "/user/{self}/profile");
        engine(Part.ACCOUNT, "PUT", "/user/{self}/credentials");
        engine(Part.ACCOUNT, "GET|POST", "/identity/password-policy");
        engine(Part.ACCOUNT, "GET", "/identity/groups", Map.of("userId", SELF));
        engine(Part.ACCOUNT, "GET|POST", "/group");
        engine(Part.ACCOUNT, "GET|POST", "/group/count");

        // Tasklist: the task filters and their lists and counts, the tasks the engine lets the caller see, a task's
        // form (Camunda Forms: deployed-form and form-variables), its candidate groups, claim, unclaim, complete
        // and submit; the task's comments and history tab (read only: a decision's comment is the form's, recorded
        // with the decision); the names and diagrams of the process definitions the caller may read (and the empty
        // list of those it may start).
        engine(Part.TASKLIST, "GET|OPTIONS", "/filter");
        engine(Part.TASKLIST, "GET", "/filter/count");
        engine(Part.TASKLIST, "GET", "/filter/{id}");
        engine(Part.TASKLIST, "GET|POST", "/filter/{id}/list");
        engine(Part.TASKLIST, "GET|POST", "/filter/{id}/count");
        engine(Part.TASKLIST, "GET|POST", "/task");
        engine(Part.TASKLIST, "GET|POST", "/task/count");
        engine(Part.TASKLIST, "GET", "/task/{id}");
        engine(Part.TASKLIST, "GET", "/task/{id}/form");
        engine(Part.TASKLIST, "GET", "/task/{id}/deployed-form");
        engine(Part.TASKLIST, "GET", "/task/{id}/form-variables");
        engine(Part.TASKLIST, "GET", "/task/{id}/variables");
        engine(Part.TASKLIST, "GET", "/task/{id}/identity-links");
        engine(Part.TASKLIST, "POST", "/task/{id}/claim");
        engine(Part.TASKLIST, "POST", "/task/{id}/unclaim");
        engine(Part.TASKLIST, "POST", "/task/{id}/complete");
        engine(Part.TASKLIST, "POST", "/task/{id}/submit-form");
        engine(Part.TASKLIST, "GET", "/task/{id}/comment");
        engine(Part.TASKLIST, "GET", "/history/user-operation", Map.of("taskId", ANY));
        engine(Part.TASKLIST, "GET", "/history/user-operation/count", Map.of("taskId", ANY));
        engine(Part.TASKLIST, "GET", "/process-definition");
        engine(Part.TASKLIST, "GET", "/process-definition/count");
        engine(Part.TASKLIST, "GET", "/process-definition/{definitionId}");
        engine(Part.TASKLIST, "GET", "/process-definition/{definitionId}/xml");

        // The CSPs' external task worker (docs/csp-integration.md): fetch and lock, finish, fail, reject, extend and
        // give back; read their own external tasks. The engine keeps each CSP to its own region's batch process.
        engine(Part.EXTERNAL_TASK_WORKER, "POST", "/external-task/fetchAndLock");
        engine(Part.EXTERNAL_TASK_WORKER, "POST", "/external-task/{id}/complete");
        engine(Part.EXTERNAL_TASK_WORKER, "POST", "/external-task/{id}/failure");
        engine(Part.EXTERNAL_TASK_WORKER, "POST", "/external-task/{id}/bpmnError");
        engine(Part.EXTERNAL_TASK_WORKER, "POST", "/external-task/{id}/extendLock");
        engine(Part.EXTERNAL_TASK_WORKER, "POST", "/external-task/{id}/unlock");
        engine(Part.EXTERNAL_TASK_WORKER, "GET|POST", "/external-task");
        engine(Part.EXTERNAL_TASK_WORKER, "GET|POST", "/external-task/count");
        engine(Part.EXTERNAL_TASK_WORKER, "GET", "/external-task/{id}");
        engine(Part.EXTERNAL_TASK_WORKER, "GET", "/external-task/{id}/errorDetails");
    }

    private EngineApiAllowList() {
    }

    /** Every rule, in the order above, for the documentation. */
    static List<Rule> rules() {
        return List.copyOf(RULES);
    }

    /** Whether the caller may send this request; DCC and administrators may send any (the engine decides). */
    static boolean allows(EngineApiCaller caller, Surface surface, String method, String path,
                          Map<String, String[]> parameters) {
        if (caller.isUnrestricted()) {
            return true;
        }
        String asked = "HEAD".equals(method) ? "GET" : method;
        PathContainer parsed = PathContainer.parsePath(path);
        Set<Part> parts = caller.parts();
        return RULES.stream().anyMatch(rule -> parts.contains(rule.part())
                && rule.matches(caller, surface, asked, parsed, parameters));
    }

    private static void engine(Part part, String methods, String pattern) {
        engine(part, methods, pattern, Map.of());
    }

    private static void engine(Part part, String methods, String path, Map<String, String> query) {
        add(part, Surface.ENGINE, methods, path, query);
    }

    private static void webapp(Part part, String methods, String path) {
        add(part, Surface.WEBAPP, methods, path, Map.of());
    }

    private static void add(Part part, Surface surface, String methods, String path, Map<String, String> query) {
        String pattern = path.replace("{id}", "{id:" + ID + "}").replace("{definitionId}", "{id:" + DEFINITION_ID + "}");
        RULES.add(new Rule(part, surface, Set.of(methods.split("\\|")), path, PATTERNS.parse(pattern), query));
    }
}
