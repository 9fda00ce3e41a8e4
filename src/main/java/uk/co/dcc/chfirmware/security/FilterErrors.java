package uk.co.dcc.chfirmware.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;

/**
 * An error answered by one of the filters in front of the APIs, in the shape that API's clients read: Camunda's
 * {@code {"type", "message"}} on the engine REST API (both mounts), an RFC 9457 problem detail elsewhere.
 */
final class FilterErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FilterErrors() {
    }

    static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String type, String message)
            throws IOException {
        ObjectNode body = JSON.createObjectNode();
        String contentType;
        if (EnginePaths.isEngineRest(request)) {
            body.put("type", type);
            body.put("message", message);
            body.putNull("code");
            contentType = "application/json";
        } else {
            body.put("type", "about:blank");
            body.put("title", status.getReasonPhrase());
            body.put("status", status.value());
            body.put("detail", message);
            body.put("instance", request.getRequestURI());
            contentType = "application/problem+json";
        }
        response.setStatus(status.value());
        response.setContentType(contentType);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }
}
