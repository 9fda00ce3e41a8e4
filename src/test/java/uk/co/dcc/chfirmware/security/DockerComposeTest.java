package uk.co.dcc.chfirmware.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker/compose.yaml starts nothing with a known secret or in demo mode unless asked (item 9 of "Trust"): the
 * database password is required (compose's ${VAR:?message}), the administrator's has no default (the application
 * then refuses to start outside demo mode, see {@link SafeDefaultsTest}), and demo mode is off by default.
 */
class DockerComposeTest {

    @Test
    void shouldRequireTheDatabasePasswordAndDefaultToNoDemoAndNoAdministratorPassword() throws IOException {
        Map<String, Object> services = section(compose(), "services");
        Map<String, Object> db = section(section(services, "db"), "environment");
        Map<String, Object> app = section(section(services, "app"), "environment");

        assertThat(db.get("POSTGRES_PASSWORD")).asString().startsWith("${CHFW_DB_PASSWORD:?").contains("set CHFW_DB_PASSWORD");
        assertThat(app.get("CHFW_DB_PASSWORD")).isEqualTo(db.get("POSTGRES_PASSWORD"));
        assertThat(app.get("CHFW_ADMIN_PASSWORD")).isEqualTo("${CHFW_ADMIN_PASSWORD:-}");
        assertThat(app.get("CHFW_DEMO")).isEqualTo("${CHFW_DEMO:-false}");
        assertThat(app.get("SPRING_PROFILES_ACTIVE")).isEqualTo("postgres");
        for (Map.Entry<String, Object> variable : app.entrySet()) {
            if (variable.getKey().contains("PASSWORD")) {
                assertThat(String.valueOf(variable.getValue())).as(variable.getKey()).matches("\\$\\{[A-Z_]+:(\\?.+|-)}");
            }
        }
    }

    @Test
    void shouldSendTheNotificationEMailsToTheLocalMailCatcherUnlessAnotherServerIsGiven() throws IOException {
        Map<String, Object> services = section(compose(), "services");
        Map<String, Object> app = section(section(services, "app"), "environment");
        assertThat(app.get("SPRING_MAIL_HOST")).isEqualTo("${CHFW_MAIL_HOST:-mail}");
        assertThat(app.get("SPRING_MAIL_PORT")).isEqualTo("${CHFW_MAIL_PORT:-1025}");
        assertThat(section(services, "mail").get("image")).asString().startsWith("axllent/mailpit:");
        assertThat(section(section(services, "app"), "depends_on")).containsKey("mail");
    }

    /** Two application nodes on the one database behind a proxy (issue 14, item 1; docs/operations.md). */
    @Test
    void shouldRunTwoApplicationNodesBehindAProxy() throws IOException {
        Map<String, Object> services = section(compose(), "services");
        Map<String, Object> app = section(services, "app");
        Map<String, Object> proxy = section(services, "proxy");

        assertThat(section(app, "deploy").get("replicas")).isEqualTo(2);
        assertThat(app).as("the nodes are reached through the proxy only").doesNotContainKey("ports");
        assertThat(section(app, "environment").get("CHFW_DB_URL")).isEqualTo("jdbc:postgresql://db:5432/chfw");
        assertThat(String.valueOf(proxy.get("image"))).startsWith("nginx:");
        assertThat(String.valueOf(proxy.get("ports"))).contains("8080:8080");
        assertThat(String.valueOf(proxy.get("volumes"))).contains("./nginx.conf:/etc/nginx/conf.d/default.conf");
        String nginx = Files.readString(Path.of("docker", "nginx.conf"));
        assertThat(nginx).contains("server app:8080", "proxy_pass http://chfw_api", "proxy_pass http://chfw_webapps",
                "ip_hash", "X-Forwarded-For");
    }

    private static Map<String, Object> compose() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("docker", "compose.yaml"))) {
            return new Yaml().load(in);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> parent, String name) {
        assertThat(parent).containsKey(name);
        return (Map<String, Object>) parent.get(name);
    }
}
