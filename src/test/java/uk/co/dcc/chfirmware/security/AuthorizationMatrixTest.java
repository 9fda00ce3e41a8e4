package uk.co.dcc.chfirmware.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;
import uk.co.dcc.chfirmware.rollout.batches.BatchProcesses;

/**
 * The authorization matrix (src/test/resources/authorization-matrix.csv, docs/authorization-matrix.md): every
 * endpoint of the product API, the engine REST API as each role may or may not use it (directly with HTTP Basic and
 * through the webapps' session), the webapps and the static pages, asked as every role over real HTTP. Each cell is
 * the status that role must get. The ids in the paths are real: a release driven to its pilot in Central and South
 * (aurora's and brightwatt's own <i>Choose pilot hubs</i> tasks, a pilot batch) and one in mass rollout in the North.
 *
 * <p>The matrix must list every endpoint /v3/api-docs shows: a new endpoint fails this test until it has its row.
 * When a cell fails, target/authorization-matrix-actual.csv holds the whole matrix as the application answers now.
 */
@ApplicationTest
class AuthorizationMatrixTest extends ApiTestSupport {

    static final Path DOC = Path.of("docs", "authorization-matrix.md");
    static final Path ACTUAL = Path.of("target", "authorization-matrix-actual.csv");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");
    private static final String OUTCOME_HEADER = "guid,result,firmware_version,reported_at,error_code\n";

    /** Bodies with more than one field (CSV cells hold no commas): content type and text. */
    private static final Map<String, String[]> NAMED_BODIES = Map.of(
            "@login", new String[] {"application/x-www-form-urlencoded", "username={self}&password=demo"},
            "@fetch-nothing", new String[] {"application/json",
                    "{\"workerId\":\"matrix\",\"maxTasks\":1,\"topics\":[{\"topicName\":\"no-such-topic\",\"lockDuration\":1000}]}"},
            "@outcomes-none", new String[] {"text/csv", OUTCOME_HEADER},
            "@unknown-guid", new String[] {"text/csv", "guid\n00-1B-C5-FF-FF-FF-FF-FE\n"},
            "@estate-none", new String[] {"text/csv", "guid\n"});

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldAnswerEveryRoleAsTheMatrixSays() throws IOException {
        AuthorizationMatrix matrix = AuthorizationMatrix.read();
        Map<String, String> ids = driveReleasesForTheMatrix();
        Map<String, WebappSession> sessions = new HashMap<>();
        List<String> wrong = new ArrayList<>();
        StringBuilder actual = new StringBuilder(String.join(",", header()) + "\n");
        String section = null;
        for (AuthorizationMatrix.Row row : matrix.rows()) {
            if (!row.section().equals(section)) {
                section = row.section();
                actual.append("# ").append(section).append('\n');
            }
            actual.append(row.method()).append(',').append(row.path()).append(',').append(row.body());
            for (String role : AuthorizationMatrix.ROLES) {
                String expected = row.expected().get(role);
                if (expected.equals(AuthorizationMatrix.NOT_ASSERTED)) {
                    actual.append(',').append(expected); // not sent: for example a login without credentials to send
                    continue;
                }
                HttpResponse<String> response = send(row, role, ids, sessions);
                String status = String.valueOf(response.statusCode());
                actual.append(',').append(status);
                if (!expected.equals(status)) {
                    wrong.add(row.where() + " as " + role + ": expected " + expected + ", got " + status + " "
                            + abbreviate(response.body()));
                }
            }
            actual.append(',').append(row.comment()).append('\n');
        }
        Files.createDirectories(ACTUAL.getParent());
        Files.writeString(ACTUAL, actual, StandardCharsets.UTF_8);
        assertThat(wrong).as("cells of %s that the application answers otherwise (all of it as it answers now: %s)",
                AuthorizationMatrix.CSV, ACTUAL).isEmpty();
    }

    @Test
    void shouldListEveryEndpointOfTheProductApi() throws IOException {
        JsonNode paths = api.json(api.get(null, "/v3/api-docs"), 200).get("paths");
        Set<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(method)) {
                    documented.add(method.toUpperCase() + " " + AuthorizationMatrix.templateOf(path.getKey()));
                }
            });
        }
        Set<String> listed = new TreeSet<>();
        for (AuthorizationMatrix.Row row : AuthorizationMatrix.read().rows()) {
            if (row.path().startsWith("/api/")) {
                listed.add(row.method() + " " + row.template());
            }
        }
        Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(listed);
        Set<String> gone = new TreeSet<>(listed);
        gone.removeAll(documented);
        assertThat(missing).as("endpoints in /v3/api-docs without a row in %s: add one for each, with every role's status",
                AuthorizationMatrix.CSV).isEmpty();
        assertThat(gone).as("rows of %s for /api endpoints that /v3/api-docs no longer shows", AuthorizationMatrix.CSV)
                .isEmpty();
    }

    @Test
    void shouldKeepTheDocumentationGeneratedFromTheMatrix() throws IOException {
        String generated = AuthorizationMatrix.read().markdown(preamble(), EngineApiAllowList.rules());
        String committed = Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "";
        if (!generated.equals(committed)) {
            Files.writeString(DOC, generated, StandardCharsets.UTF_8);
        }
        assertThat(committed).as("%s is generated from %s and the allow-list; it has been written anew: commit it", DOC,
                AuthorizationMatrix.CSV).isEqualTo(generated);
    }

    /**
     * The releases whose ids fill the paths: one of variant 4 (Central and South) at its pilot, where aurora's and
     * brightwatt's participation tasks wait and a third supplier's pilot batches are open, and where aurora has been
     * told that the other supplier approved one of its split hubs; one of variant 1 (North) in mass rollout.
     */
    private Map<String, String> driveReleasesForTheMatrix() {
        ProcessInstance pilot = driver.runToPilot(4, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(pilot);
        Map<String, Task> choices = driver.supplierTasks(pilot, "UserTask_ChooseParticipation");
        assertThat(choices).containsKeys("aurora", "brightwatt");
        String third = choices.keySet().stream().filter(code -> !Set.of("aurora", "brightwatt").contains(code)).sorted()
                .findFirst().orElseThrow();
        driver.choosePilot(pilot, third, Map.of("pilotHubCount", 5L));

        SplitHubApproval.otherSupplierApprovesOneOfAurorasSplitHubs(api, jdbc, releaseId);

        ProcessInstance north = driver.runToMassRollout(1, ReleaseDriver.uniqueVersion());
        long northReleaseId = driver.releaseId(north);

        JsonNode importJob = api.json(api.post("dcc", "/api/imports", "text/csv", "guid\n"), 202);
        api.awaitImportEnd(importJob.get("id").asLong());

        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("releaseId", String.valueOf(releaseId));
        ids.put("northReleaseId", String.valueOf(northReleaseId));
        ids.put("releaseInstance", pilot.getId());
        ids.put("releaseDefinition", pilot.getProcessDefinitionId());
        ids.put("deploymentId", engine.getRepositoryService().getProcessDefinition(pilot.getProcessDefinitionId())
                .getDeploymentId());
        ids.put("auroraTask", choices.get("aurora").getId());
        ids.put("brightwattTask", choices.get("brightwatt").getId());
        ids.put("unknownTask", "00000000-0000-0000-0000-000000000000");
        ids.put("unknownStance", "999999999");
        ids.put("unknownRule", "999999999");
        ids.put("unknownFlag", "999999999");
        ids.put("groupTasksFilter", engine.getFilterService().createFilterQuery().filterName(AccessSetup.GROUP_TASKS_FILTER)
                .singleResult().getId());
        ids.put("auroraNotification", String.valueOf(jdbc.queryForObject(
                "SELECT MAX(id) FROM notification WHERE recipient_group = 'supplier-aurora'", Long.class)));
        ids.put("importId", importJob.get("id").asText());
        ids.put("cspRegion", "CENTRAL_SOUTH");
        ids.put("variantId", "4"); // a PUT of its maturity without one is refused: nothing changes
        putBatch(ids, "north", northReleaseId);
        putBatch(ids, "south", releaseId);
        return ids;
    }

    /** The first open batch of the release ({region}BatchId) and its external task ({region}BatchTask). */
    private void putBatch(Map<String, String> ids, String region, long releaseId) {
        Long batchId = jdbc.queryForObject("SELECT MIN(id) FROM upgrade_batch WHERE release_id = ? AND status = 'PUBLISHED'",
                Long.class, releaseId);
        assertThat(batchId).as("an open batch of release %d", releaseId).isNotNull();
        String instance = engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey("batch-" + batchId)
                .singleResult().getId();
        ExternalTask task = engine.getExternalTaskService().createExternalTaskQuery().processInstanceId(instance)
                .topicName(BatchProcesses.TOPIC).singleResult();
        ids.put(region + "BatchId", String.valueOf(batchId));
        ids.put(region + "BatchTask", task.getId());
    }

    private HttpResponse<String> send(AuthorizationMatrix.Row row, String role, Map<String, String> ids,
                                      Map<String, WebappSession> sessions) {
        String user = role.equals("anonymous") ? null : role;
        Map<String, String> values = new HashMap<>(ids);
        values.put("self", user == null ? "anonymous" : user);
        String path = fill(row.path(), values, row);
        String contentType = null;
        String body = null;
        if (!row.body().isEmpty()) {
            String[] named = NAMED_BODIES.get(row.body());
            if (row.body().startsWith("@") && named == null) {
                throw new IllegalStateException(row.where() + ": no body named " + row.body());
            }
            contentType = named == null ? "application/json" : named[0];
            body = fill(named == null ? row.body() : named[1], values, row);
        }
        if (!path.startsWith("/camunda/")) {
            HttpResponse<String> response = api.send(user, "demo", row.method(), path, contentType, body);
            if (path.equals("/api/imports") && response.statusCode() == 202) {
                api.awaitImportEnd(api.json(response, 202).get("id").asLong()); // one import at a time
            }
            return response;
        }
        if (path.contains("/auth/user/") && !row.method().equals("GET")) {
            // logging in or out replaces the session: a session of its own
            return (user == null ? WebappSession.anonymous(port) : WebappSession.loggedIn(port, user))
                    .send(row.method(), path, contentType, body);
        }
        return sessions.computeIfAbsent(role, any -> user == null ? WebappSession.anonymous(port)
                : WebappSession.loggedIn(port, user)).send(row.method(), path, contentType, body);
    }

    private static String fill(String text, Map<String, String> values, AuthorizationMatrix.Row row) {
        Matcher placeholder = PLACEHOLDER.matcher(text);
        StringBuilder filled = new StringBuilder();
        while (placeholder.find()) {
            String value = values.get(placeholder.group(1));
            if (value == null) {
                throw new IllegalStateException(row.where() + ": no id for {" + placeholder.group(1) + "}; known: " + values.keySet());
            }
            placeholder.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        return placeholder.appendTail(filled).toString();
    }

    private static List<String> header() {
        List<String> header = new ArrayList<>(List.of("method", "path", "body"));
        header.addAll(AuthorizationMatrix.ROLES);
        header.add("comment");
        return header;
    }

    private static String abbreviate(String body) {
        String line = body == null ? "" : body.replaceAll("\\s+", " ");
        return line.length() > 160 ? line.substring(0, 160) + "..." : line;
    }

    private static List<String> preamble() {
        return List.of(
                "# Authorization matrix",
                "",
                "Generated from `src/test/resources/authorization-matrix.csv` by `AuthorizationMatrixTest`; edit the CSV "
                        + "(or `EngineApiAllowList`) and run the test, not this file.",
                "",
                "## What each role reaches",
                "",
                "| role | reaches |",
                "|---|---|",
                "| anonymous | the webapps' login pages and scripts, the status page's files, the engine list, `/v3/api-docs`; "
                        + "nothing of `/api` or of the engine (401) |",
                "| suppliers (`supplier-*`) | Tasklist for their own group's tasks; their own profile and groups; the "
                        + "product API for their releases view, estate, approvals, schedules, outcomes and notifications. "
                        + "Nothing else of the engine API: no process instances, variables, history, statistics, incidents, "
                        + "deployments, metrics, users or admin calls (403); no Cockpit, no Admin |",
                "| CSPs (`csp-north`, `csp-central-south`) | what suppliers reach in Tasklist, and the external task worker "
                        + "contract (docs/csp-integration.md): fetch and lock, complete, failure, BPMN error, extend, unlock and "
                        + "read their external tasks, which the engine keeps to their own region's batches; the product API "
                        + "for their batches, GUIDs, outcomes, approved GUIDs and the pause of their region |",
                "| DCC Testing (`dcc-testing`) | Tasklist for its tasks; the releases, notifications and itself in the "
                        + "product API |",
                "| DCC (`dcc`) | the whole engine API and Cockpit, within the engine's authorizations (`AccessSetup`); the "
                        + "product API's DCC calls |",
                "| `admin` (`camunda-admin`) | everything, Admin included |",
                "",
                "The engine API allow-list (`EngineApiAllowListFilter`, last section) applies alike to the engine REST "
                        + "API (`/engine-rest`, HTTP Basic) and to the webapps' own mount of it "
                        + "(`/camunda/api/engine/engine/default`, the Tasklist session), and keeps suppliers, CSPs and DCC "
                        + "Testing out of the Cockpit and Admin plugins' endpoints (`/camunda/api/cockpit/**`, "
                        + "`/camunda/api/admin/**`), which Camunda opens to any logged-in user. A refused call gets 403 and "
                        + "says what was refused:",
                "",
                "```json",
                "{\"type\":\"Forbidden\",\"message\":\"User supplier-aurora may not GET /engine-rest/process-definition/statistics: "
                        + "suppliers, CSPs and DCC Testing reach only what Tasklist and the CSPs' external task worker need "
                        + "(docs/authorization-matrix.md)\"}",
                "```",
                "",
                "Each refusal is logged at INFO (`Engine API allow-list refused GET ... for supplier-aurora`); with "
                        + "`logging.level.uk.co.dcc.chfirmware.security.EngineApiAllowListFilter=DEBUG` every call let "
                        + "through is logged too, which shows what a new Tasklist version asks for.",
                "",
                "**Changing it.** A new endpoint of the product API fails `AuthorizationMatrixTest` until the CSV has a "
                        + "row for it with every role's status. An engine call a role must make gets a rule in "
                        + "`EngineApiAllowList` and a row here. Running the test writes this file anew (and fails once, "
                        + "so that the change is committed) and, when a cell fails, "
                        + "`target/authorization-matrix-actual.csv` with the whole matrix as the application answers.",
                "",
                "## How to read the tables",
                "",
                "Each row is one endpoint, asked with the body shown; each cell is the HTTP status the role gets, as "
                        + "`AuthorizationMatrixTest` asserts over real HTTP (`-` where it does not). `/engine-rest/...` and "
                        + "`/api/...` are asked with HTTP Basic as the role's demo user; `/camunda/...` in the role's webapp "
                        + "session (logged in through Tasklist's login, with its XSRF token); `anonymous` sends no credentials.",
                "",
                "The roles: `dcc` (DCC), `dcc-testing` (DCC Testing), `csp-north` and `csp-central-south` (the CSPs), "
                        + "`supplier-aurora` and `supplier-brightwatt` (two suppliers), `admin` (group `camunda-admin`).",
                "",
                "The ids are real: `{releaseId}` is a release of a Central and South variant at its pilot, where "
                        + "`{auroraTask}` and `{brightwattTask}` are aurora's and brightwatt's own *Choose pilot hubs* tasks, "
                        + "`{southBatchId}` and `{southBatchTask}` an open pilot batch and its external task; `{northReleaseId}`, "
                        + "`{northBatchId}` and `{northBatchTask}` a North release in mass rollout; `{releaseInstance}` and "
                        + "`{releaseDefinition}` the pilot release's process instance and definition; `{auroraNotification}` "
                        + "one of aurora's notifications; `{self}` the caller's own user id; `{unknownTask}` an id no task has, `{unknownStance}` and `{unknownRule}` ids no "
                        + "stance row or standing rule has. "
                        + "Bodies named `@...` are defined in `AuthorizationMatrixTest`; requests that would change something "
                        + "are sent so that they change nothing (an unknown task, a topic nobody serves, a body refused as bad "
                        + "input) or undo it in the next row (claim then unclaim, pause then resume), so each cell shows "
                        + "whether the role gets through, not what the call would do.",
                "",
                "A comment marked **revisit** is the status the code gives today where the right answer depends on work "
                        + "in progress (the branch named in brackets).");
    }
}
