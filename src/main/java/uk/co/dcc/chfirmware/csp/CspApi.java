package uk.co.dcc.chfirmware.csp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Consumer;

/** The product API as a CSP integration calls it: a batch's GUIDs streamed in, outcomes posted back. */
public class CspApi {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String authorization;

    public CspApi(String baseUrl, String user, String password) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Streams the batch's GUIDs, one call per GUID, without holding the list. */
    public void streamGuids(long batchId, Consumer<String> guid) {
        streamGuidsWithAttempts(batchId, (each, attempt) -> guid.accept(each));
    }

    /** A GUID of a batch and the hub's attempt (1 the first time, more when it comes back for a retry). */
    public interface GuidAttempt {
        void accept(String guid, int attempt);
    }

    /** Streams the batch's GUIDs with each hub's attempt ({@code ?attempts=true}). */
    public void streamGuidsWithAttempts(long batchId, GuidAttempt guid) {
        HttpResponse<InputStream> response = send(HttpRequest.newBuilder(uri("/api/batches/" + batchId + "/guids?attempts=true"))
                .GET(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            if (response.statusCode() != 200) {
                throw new CspApiException("GET guids of batch " + batchId + " answered " + response.statusCode() + ": "
                        + lines.lines().reduce("", String::concat));
            }
            String header = lines.readLine();
            if (!"guid,attempt".equals(header)) {
                throw new CspApiException("GET guids of batch " + batchId + ": unexpected header " + header);
            }
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank()) {
                    int comma = line.indexOf(',');
                    guid.accept(line.substring(0, comma).trim(), Integer.parseInt(line.substring(comma + 1).trim()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Posts one chunk of outcomes; anything but 200 is a failure with the API's answer in the message. */
    public String postOutcomes(long batchId, String contentType, String body) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/batches/" + batchId + "/outcomes"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new CspApiException("POST outcomes of batch " + batchId + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder builder, HttpResponse.BodyHandler<T> body) {
        HttpRequest request = builder.header("Authorization", authorization).timeout(Duration.ofMinutes(5)).build();
        try {
            return http.send(request, body);
        } catch (IOException e) {
            throw new CspApiException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CspApiException("interrupted");
        }
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    /** The product API refused a call, or answered unexpectedly. */
    public static class CspApiException extends RuntimeException {
        public CspApiException(String message) {
            super(message);
        }

        public CspApiException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
