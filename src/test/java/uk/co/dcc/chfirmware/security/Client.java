package uk.co.dcc.chfirmware.security;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client of the running application over real HTTP, as a browser or an integration elsewhere would call it: at
 * its own address (sent as X-Forwarded-For, which the test profile trusts from 127.0.0.1 as from a reverse proxy),
 * with its own cookies, any headers, and optionally logged in to the webapps.
 */
final class Client {

    private static final AtomicInteger NEXT = new AtomicInteger();

    private final int port;
    private final String address;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Client(int port, String address) {
        this.port = port;
        this.address = address;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).build();
    }

    /** A client at the given address. */
    static Client at(int port, String address) {
        return new Client(port, address);
    }

    /** A client at an address of TEST-NET-3 (RFC 5737) no other test uses. */
    static Client somewhere(int port) {
        return at(port, "203.0.113." + (NEXT.getAndIncrement() % 254 + 1));
    }

    String address() {
        return address;
    }

    /** Sends this header with every request from now on. */
    Client with(String name, String value) {
        headers.put(name, value);
        return this;
    }

    HttpResponse<String> basic(String user, String password, String method, String path, String contentType, String body) {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8)));
        if (contentType != null) {
            extra.put("Content-Type", contentType);
        }
        return send(method, path, extra, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> send(String method, String path, Map<String, String> extra, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (address != null) {
            request.header("X-Forwarded-For", address);
        }
        headers.forEach(request::header);
        extra.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    /**
     * Logs in to a webapp as its login page does: a GET for the XSRF token, the login form, and a GET for the token of
     * the new session the login opens.
     */
    HttpResponse<String> logInToWebapp(String app, String user, String password) {
        send("GET", "/camunda/api/admin/auth/user/default", Map.of(), null);
        String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> login = webapp("POST", "/camunda/api/admin/auth/user/default/login/" + app,
                "application/x-www-form-urlencoded", form);
        send("GET", "/camunda/api/admin/auth/user/default", Map.of(), null);
        return login;
    }

    /** A call to the webapps' API in the session this client logged in to, with its XSRF token. */
    HttpResponse<String> webapp(String method, String path, String contentType, String body) {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("X-XSRF-TOKEN", xsrfToken());
        if (contentType != null) {
            extra.put("Content-Type", contentType);
        }
        return send(method, path, extra, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private String xsrfToken() {
        return cookies.getCookieStore().getCookies().stream().filter(cookie -> cookie.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).findFirst().orElse("");
    }
}
