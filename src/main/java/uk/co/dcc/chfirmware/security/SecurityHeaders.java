package uk.co.dcc.chfirmware.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * On every response: no framing by other pages ({@code X-Frame-Options: DENY}, and {@code frame-ancestors 'none'} where
 * the webapps do not set their own Content-Security-Policy), {@code X-Content-Type-Options: nosniff}; on the APIs and
 * the status page {@code Cache-Control: no-store}, so that no browser or proxy keeps a party's figures (and on the pages'
 * shared script, /shared, so that a page's script never meets an older copy of it). A request that came over HTTPS gets
 * its cookies marked Secure, the webapps' XSRF-TOKEN cookie included.
 */
final class SecurityHeaders extends OncePerRequestFilter {

    private static final List<String> NOT_STORED = List.of("/api", "/engine-rest", "/dashboard", "/decisions", "/policy", "/evidence",
            "/releases", "/release-page", "/shared");
    private static final Pattern SECURE_ATTRIBUTE = Pattern.compile("(?i);\\s*secure\\s*(;|$)");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
        String path = EnginePaths.path(request);
        boolean notStored = NOT_STORED.stream().anyMatch(prefix -> EnginePaths.under(path, prefix));
        if (notStored) {
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        chain.doFilter(request, notStored || request.isSecure() ? new GuardedResponse(response, notStored, request.isSecure())
                : response);
    }

    /**
     * Keeps {@code Cache-Control: no-store} against what follows (the engine REST API sets no-cache on every GET), and
     * over HTTPS marks every cookie set through it Secure, whichever way it is set.
     */
    private static final class GuardedResponse extends HttpServletResponseWrapper {

        private final boolean notStored;
        private final boolean secure;

        GuardedResponse(HttpServletResponse response, boolean notStored, boolean secure) {
            super(response);
            this.notStored = notStored;
            this.secure = secure;
        }

        @Override
        public void addCookie(Cookie cookie) {
            if (secure) {
                cookie.setSecure(true);
            }
            super.addCookie(cookie);
        }

        @Override
        public void addHeader(String name, String value) {
            if (!keepsCacheControl(name)) {
                super.addHeader(name, secured(name, value));
            }
        }

        @Override
        public void setHeader(String name, String value) {
            if (!keepsCacheControl(name)) {
                super.setHeader(name, secured(name, value));
            }
        }

        private boolean keepsCacheControl(String name) {
            return notStored && HttpHeaders.CACHE_CONTROL.equalsIgnoreCase(name);
        }

        private String secured(String name, String value) {
            if (!secure || value == null || !HttpHeaders.SET_COOKIE.equalsIgnoreCase(name)
                    || SECURE_ATTRIBUTE.matcher(value).find()) {
                return value;
            }
            return value + "; Secure";
        }
    }
}
