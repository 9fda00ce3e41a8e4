package uk.co.dcc.chfirmware.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * State-changing calls to {@code /api} and {@code /engine-rest} (POST, PUT, PATCH, DELETE) are refused with 403 when a
 * browser says they come from another site: an {@code Origin} that is not the application's own (nor a trusted one),
 * or {@code Sec-Fetch-Site: cross-site}. A page elsewhere could otherwise make a browser that holds a user's Basic
 * credentials post in that user's name (a form posting text/plain needs no script). Clients that are not browsers
 * send neither header and are unaffected; the application's own pages send its own origin.
 */
final class CrossSiteRequestGuard extends OncePerRequestFilter {

    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final List<String> trustedOrigins;

    CrossSiteRequestGuard(List<String> trustedOrigins) {
        this.trustedOrigins = trustedOrigins.stream().map(CrossSiteRequestGuard::normalised).toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (STATE_CHANGING.contains(request.getMethod())) {
            String origin = request.getHeader("Origin");
            String own = ownOrigin(request);
            String refusal = null;
            if (origin != null && !own.equals(normalised(origin)) && !trustedOrigins.contains(normalised(origin))) {
                refusal = "it comes from the page of another origin (" + origin + "), not from this application (" + own + ")";
            } else if ("cross-site".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"))) {
                refusal = "the browser says it comes from another site (Sec-Fetch-Site: cross-site)";
            }
            if (refusal != null) {
                FilterErrors.write(request, response, HttpStatus.FORBIDDEN, "CrossSiteRequestRefused",
                        "Cross-site request refused: " + request.getMethod() + " " + EnginePaths.path(request)
                                + " was not carried out because " + refusal + ". Call the API from this application's"
                                + " pages or from a client that is not a browser.");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** This application's origin as the request reached it (behind a proxy, as forwarded: server.forward-headers-strategy). */
    private static String ownOrigin(HttpServletRequest request) {
        return origin(request.getScheme(), request.getServerName(), request.getServerPort());
    }

    /** scheme://host[:port] in lower case, without the scheme's default port; "null" and anything unreadable stay as sent. */
    static String normalised(String origin) {
        try {
            URI uri = URI.create(origin.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return origin;
            }
            return origin(uri.getScheme(), uri.getHost(), uri.getPort());
        } catch (IllegalArgumentException unreadable) {
            return origin;
        }
    }

    private static String origin(String scheme, String host, int port) {
        String lowerScheme = scheme.toLowerCase(Locale.ROOT);
        boolean defaultPort = port < 0 || ("http".equals(lowerScheme) && port == 80) || ("https".equals(lowerScheme) && port == 443);
        return lowerScheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
