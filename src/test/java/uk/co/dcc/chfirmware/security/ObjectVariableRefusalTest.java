package uk.co.dcc.chfirmware.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * No Object variable arrives over HTTP (item 7 of "Trust"): a supplier and DCC trying to store java.net.URL and
 * java.io.File variables, through the engine REST API and the webapps' mount of it, in JSON and as an upload, are
 * answered 400 saying where, and nothing is stored. An Object variable already in the database is deserialized only
 * into the engine's allow-list.
 */
@ApplicationTest
class ObjectVariableRefusalTest extends ApiTestSupport {

    private static final String URL_OBJECT = """
            {"value":"\\"http://evil.example/\\"","type":"%s",
             "valueInfo":{"objectTypeName":"java.net.URL","serializationDataFormat":"application/json"}}""";
    private static final String FILE_OBJECT = """
            {"value":"\\"/etc/passwd\\"","type":"%s",
             "valueInfo":{"objectTypeName":"java.io.File","serializationDataFormat":"application/json"}}""";

    @Test
    void shouldRefuseObjectVariablesASupplierSendsWithItsOwnTask() {
        ProcessInstance release = driver.runToPilot(4, ReleaseDriver.uniqueVersion());
        Task choice = driver.supplierTasks(release, "UserTask_ChooseParticipation").get("aurora");
        String task = "/engine-rest/task/" + choice.getId();

        HttpResponse<String> complete = api.postJson("supplier-aurora", task + "/complete",
                "{\"variables\":{\"participationChoice\":{\"value\":\"OPT_OUT\"},\"url\":" + URL_OBJECT.formatted("Object") + "}}");
        assertRefused(complete, "\"/variables/url\"");
        assertThat(engine.getTaskService().createTaskQuery().taskId(choice.getId()).count()).isEqualTo(1);

        assertRefused(api.send("supplier-aurora", "demo", "PUT", task + "/variables/file", "application/json",
                FILE_OBJECT.formatted("object")), "the top level of the body");
        assertRefused(api.send("supplier-aurora", "demo", "POST", task + "/variables", "application/json",
                "{\"modifications\":{\"file\":" + FILE_OBJECT.formatted("OBJECT") + "}}"), "\"/modifications/file\"");
        assertRefused(api.send("supplier-aurora", "demo", "PUT", task + "/localVariables/url", "application/json",
                URL_OBJECT.formatted("Object")), "the top level of the body");
        assertRefused(upload("supplier-aurora", task + "/variables/url/data", "type", "java.net.URL"), "form part \"type\"");
        assertRefused(upload("supplier-aurora", task + "/variables/url/data", "valueType", "Object"), "\"valueType\"");

        assertNothingStored("url", "file");
    }

    @Test
    void shouldRefuseObjectVariablesFromDccOnBothMountsOfTheEngineRestApi() {
        ProcessInstance release = driver.submit(4, ReleaseDriver.uniqueVersion(), "STANDARD");
        String instance = "/process-instance/" + release.getId();

        assertRefused(api.send("dcc", "demo", "PUT", "/engine-rest" + instance + "/variables/url", "application/json",
                URL_OBJECT.formatted("Object")), "the top level of the body");
        assertRefused(api.send("dcc", "demo", "POST", "/engine-rest" + instance + "/variables", "application/json",
                "{\"modifications\":{\"file\":" + FILE_OBJECT.formatted("object") + "}}"), "\"/modifications/file\"");
        assertRefused(upload("dcc", "/engine-rest" + instance + "/variables/url/data", "type", "java.net.URL"), "form part \"type\"");

        Client cockpit = Client.at(port, null);
        assertThat(cockpit.logInToWebapp("cockpit", "dcc", "demo").statusCode()).isEqualTo(200);
        assertRefused(cockpit.webapp("PUT", "/camunda/api/engine/engine/default" + instance + "/variables/file",
                "application/json", FILE_OBJECT.formatted("Object")), "the top level of the body");

        // an ordinary variable passes the same way
        assertThat(cockpit.webapp("PUT", "/camunda/api/engine/engine/default" + instance + "/variables/note",
                "application/json", "{\"value\":\"checked\",\"type\":\"String\"}").statusCode()).isEqualTo(204);
        assertThat(engine.getRuntimeService().getVariable(release.getId(), "note")).isEqualTo("checked");
        assertNothingStored("url", "file");
    }

    @Test
    void shouldDeserializeAnObjectVariableOnlyIntoTheEnginesAllowList() {
        ProcessInstance release = driver.submit(4, ReleaseDriver.uniqueVersion(), "STANDARD");
        // as if stored before the refusal existed, or by code inside the application
        engine.getRuntimeService().setVariable(release.getId(), "legacyFile", Variables.serializedObjectValue("\"/etc/passwd\"")
                .objectTypeName("java.io.File").serializationDataFormat("application/json").create());

        HttpResponse<String> read = api.get("dcc", "/engine-rest/process-instance/" + release.getId() + "/variables/legacyFile");

        assertThat(read.statusCode()).isEqualTo(500);
        assertThat(read.body()).contains("Cannot deserialize").contains("java.io.File");
        assertThat(api.get("dcc", "/engine-rest/process-instance/" + release.getId()
                + "/variables/legacyFile?deserializeValue=false").statusCode()).isEqualTo(200);
    }

    private void assertRefused(HttpResponse<String> response, String where) {
        JsonNode error = api.json(response, 400);
        assertThat(error.get("type").asText()).isEqualTo("InvalidRequestException");
        assertThat(error.get("message").asText()).contains(where).contains("type Object").contains("not accepted over HTTP");
    }

    private void assertNothingStored(String... names) {
        assertThat(engine.getRuntimeService().createVariableInstanceQuery().variableNameIn(names).count()).isZero();
        for (String name : names) {
            assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().variableName(name).count()).isZero();
        }
    }

    /** A binary variable upload as multipart/form-data: the JSON data and one more part. */
    private HttpResponse<String> upload(String user, String path, String partName, String partValue) {
        String boundary = "chfw-test-boundary";
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"data\"; filename=\"data.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n"
                + "\"http://evil.example/\"\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"" + partName + "\"\r\n"
                + "Content-Type: text/plain\r\n\r\n"
                + partValue + "\r\n"
                + "--" + boundary + "--\r\n";
        return Client.at(port, null).basic(user, "demo", "POST", path, "multipart/form-data; boundary=" + boundary, body);
    }
}
