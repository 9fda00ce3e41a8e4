package uk.co.dcc.chfirmware.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;

/**
 * The headers a browser needs to keep a party's pages and figures to itself (item 12 of "Trust"): no framing by other
 * sites, no content sniffing, nothing of the APIs or the status page stored, and cookies marked Secure when the
 * application is reached over HTTPS (here through a reverse proxy that says so with X-Forwarded-Proto).
 */
@ApplicationTest
class SecurityHeadersTest extends ApiTestSupport {

    @Test
    void shouldForbidFramingAndSniffingAndStoringOfTheApisAndTheStatusPage() {
        for (HttpResponse<String> response : List.of(api.get("supplier-aurora", "/api/estate/summary"),
                api.get("dcc", "/engine-rest/task"), api.get(null, "/dashboard/"), api.get(null, "/dashboard/dashboard.js"),
                api.get(null, "/shared/page.js"))) {
            HttpHeaders headers = response.headers();
            assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(200);
            assertThat(headers.firstValue("X-Frame-Options")).as(response.uri().toString()).hasValue("DENY");
            assertThat(headers.firstValue("Content-Security-Policy")).hasValue("frame-ancestors 'none'");
            assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(headers.firstValue("Cache-Control")).hasValue("no-store");
        }
        HttpResponse<String> tasklist = api.get(null, "/camunda/app/tasklist/default/");
        assertThat(tasklist.statusCode()).isEqualTo(200);
        assertThat(tasklist.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(tasklist.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("frame-ancestors 'none'");
        assertThat(tasklist.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void shouldMarkEveryCookieSecureWhenServedOverHttps() {
        // the webapps' first answer opens a session and hands out the XSRF token
        HttpResponse<String> overHttps = Client.at(port, null).with("X-Forwarded-Proto", "https")
                .send("GET", "/camunda/api/admin/auth/user/default", Map.of(), null);

        assertThat(overHttps.headers().allValues("Set-Cookie")).anyMatch(cookie -> cookie.startsWith("XSRF-TOKEN="))
                .anyMatch(cookie -> cookie.startsWith("JSESSIONID="))
                .allMatch(cookie -> cookie.matches("(?i).*;\\s*Secure(;.*|\\s*$)"));

        HttpResponse<String> overHttp = Client.at(port, null).send("GET", "/camunda/api/admin/auth/user/default", Map.of(), null);
        assertThat(overHttp.headers().allValues("Set-Cookie")).isNotEmpty()
                .noneMatch(cookie -> cookie.matches("(?i).*;\\s*Secure(;.*|\\s*$)"));
    }
}
