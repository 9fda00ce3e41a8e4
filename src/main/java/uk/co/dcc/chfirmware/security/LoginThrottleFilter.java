package uk.co.dcc.chfirmware.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of every login: HTTP Basic on {@code /api} and {@code /engine-rest}, and the webapps' login form. A login
 * answered 401 counts as a failure of the client (its remote address, as Tomcat sees it: behind a reverse proxy, with
 * {@code server.forward-headers-strategy=native}, the address the proxy forwarded) and of the client with that user;
 * a client over its limits gets 429 with Retry-After without its credentials being checked at all.
 */
final class LoginThrottleFilter extends OncePerRequestFilter {

    private static final int MAX_USER_LENGTH = 256;

    private final LoginThrottle throttle;

    LoginThrottleFilter(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpServletRequest login = request;
        Optional<String> user = basicUser(request);
        if (user.isEmpty() && EnginePaths.isWebappLogin(request)) {
            ReadBodyRequest read = ReadBodyRequest.of(request);
            login = read;
            user = Optional.of(formUser(read));
        }
        if (user.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        String client = client(request);
        Optional<Duration> wait = throttle.waitBeforeNextTry(client, user.get());
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            FilterErrors.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "TooManyFailedLogins",
                    "Too many failed logins from this client (" + client + "): try again in " + seconds + " seconds.");
            return;
        }
        chain.doFilter(login, response);
        if (response.getStatus() == HttpStatus.UNAUTHORIZED.value()) {
            throttle.recordFailure(client, user.get());
        }
    }

    /** The user an HTTP Basic Authorization header names ("" when it names none or cannot be read). */
    private static Optional<String> basicUser(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || EnginePaths.under(EnginePaths.path(request), EnginePaths.WEBAPP)) {
            return Optional.empty();
        }
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.of("");
        }
        try {
            String credentials = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = credentials.indexOf(':');
            return Optional.of(bounded(colon < 0 ? "" : credentials.substring(0, colon)));
        } catch (IllegalArgumentException notBase64) {
            return Optional.of("");
        }
    }

    private static String formUser(ReadBodyRequest request) {
        for (String pair : new String(request.body(), StandardCharsets.ISO_8859_1).split("&")) {
            if (pair.startsWith("username=")) {
                try {
                    return bounded(URLDecoder.decode(pair.substring("username=".length()), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException malformed) {
                    return "";
                }
            }
        }
        return "";
    }

    private static String bounded(String user) {
        return user.length() > MAX_USER_LENGTH ? user.substring(0, MAX_USER_LENGTH) : user;
    }

    /** The client: its remote address, an IPv6 address counted by its /64 network (one host usually holds all of it). */
    static String client(HttpServletRequest request) {
        String address = request.getRemoteAddr();
        if (address == null || !address.contains(":")) {
            return String.valueOf(address);
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (bytes.length != 16) {
                return address;
            }
            StringBuilder network = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                network.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return network.append(":/64").toString();
        } catch (UnknownHostException notAnAddress) {
            return address;
        }
    }
}
