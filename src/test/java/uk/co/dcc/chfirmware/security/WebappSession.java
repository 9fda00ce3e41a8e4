package uk.co.dcc.chfirmware.security;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A browser's session with the Camunda webapps, without the browser: the session cookie and the XSRF token
 * Tasklist carries, so that a test can call the webapps' APIs ({@code /camunda/api/**}) and pages as a logged-in
 * user, or as nobody. Logs in as Tasklist does, through the webapps' login endpoint.
 */
final class WebappSession {

    static final String XSRF_HEADER = "X-XSRF-TOKEN";
    static final String WHO_AM_I = "/camunda/api/admin/auth/user/default";

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    private final String base;
    private String xsrfToken;

    private WebappSession(int port) {
        this.base = "http://localhost:" + port;
    }

    /** A session nobody has logged in to (it has its XSRF token, as a page that was opened has). */
    static WebappSession anonymous(int port) {
        WebappSession session = new WebappSession(port);
        session.send("GET", WHO_AM_I, null, null);
        return session;
    }

    /** A session the user logged in to through Tasklist's login form (password demo). */
    static WebappSession loggedIn(int port, String user) {
        WebappSession session = anonymous(port);
        HttpResponse<String> login = session.send("POST", "/camunda/api/admin/auth/user/default/login/tasklist",
                "application/x-www-form-urlencoded", loginForm(user));
        if (login.statusCode() != 200) {
            throw new IllegalStateException(user + " could not log in to Tasklist: " + login.statusCode() + " " + login.body());
        }
        session.send("GET", WHO_AM_I, null, null); // the new session's XSRF token
        return session;
    }

    static String loginForm(String user) {
        return "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password=demo";
    }

    /** Sends the request in this session, with the XSRF token as Tasklist sends it; keeps the token it is given. */
    HttpResponse<String> send(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (xsrfToken != null) {
            request.header(XSRF_HEADER, xsrfToken);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            response.headers().firstValue(XSRF_HEADER).filter(token -> !token.equals("Required"))
                    .ifPresent(token -> xsrfToken = token);
            return response;
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }
}
