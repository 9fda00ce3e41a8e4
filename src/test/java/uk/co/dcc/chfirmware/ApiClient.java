package uk.co.dcc.chfirmware;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Calls the running application over HTTP as a given demo user (password "demo"), like an integration would. */
public class ApiClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final int port;

    public ApiClient(int port) {
        this.port = port;
    }

    public HttpResponse<String> get(String user, String path) {
        return send(user, "demo", "GET", path, null, null);
    }

    public HttpResponse<String> postJson(String user, String path, String body) {
        return send(user, "demo", "POST", path, "application/json", body);
    }

    public HttpResponse<String> post(String user, String path, String contentType, String body) {
        return send(user, "demo", "POST", path, contentType, body);
    }

    /** A body of raw bytes, for files in other encodings than UTF-8. */
    public HttpResponse<String> postBytes(String user, String path, String contentType, byte[] body) {
        return sendBody(user, "demo", "POST", path, contentType, HttpRequest.BodyPublishers.ofByteArray(body));
    }

    public HttpResponse<String> send(String user, String password, String method, String path, String contentType,
                                     String body) {
        return sendBody(user, password, method, path, contentType, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    private HttpResponse<String> sendBody(String user, String password, String method, String path, String contentType,
                                          HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    /** The JSON body of a response that must have the given status. */
    public JsonNode json(HttpResponse<String> response, int expectedStatus) {
        if (response.statusCode() != expectedStatus) {
            throw new AssertionError("Expected HTTP " + expectedStatus + " but got " + response.statusCode() + ": "
                    + response.body());
        }
        try {
            return json.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException("Not JSON: " + response.body(), e);
        }
    }

    /** Follows DCC's estate import job until it has ended, and returns it; the bound only stops a broken build hanging. */
    public JsonNode awaitImportEnd(long jobId) {
        for (int i = 0; i < 1_200; i++) {
            JsonNode job = json(get("dcc", "/api/imports/" + jobId), 200);
            if (List.of("SUCCEEDED", "REJECTED", "FAILED").contains(job.get("status").asText())) {
                return job;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("Import " + jobId + " did not end");
    }
}
