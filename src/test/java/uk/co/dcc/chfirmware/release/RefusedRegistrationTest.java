package uk.co.dcc.chfirmware.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * A registration refused as invalid, submitted by DCC over the API: it is in the release list as REJECTED at stage
 * REGISTRATION with the reason, its starter (and nobody else) finds the reason in its notifications, the release it
 * duplicates is untouched, and a version refused once can be registered once it is put right.
 */
@ApplicationTest
class RefusedRegistrationTest extends ApiTestSupport {

    private static final long VARIANT = 4;
    private static final String SHA = "ab".repeat(32);

    @Test
    void shouldListARefusedDuplicateWithItsReasonAndTellOnlyItsStarter() {
        String version = ReleaseDriver.uniqueVersion();
        String original = submit(VARIANT, version, SHA);
        String duplicate = submit(VARIANT, version, SHA);
        driver.runJobs();

        JsonNode refused = release(duplicate);
        assertThat(refused.get("status").asText()).isEqualTo("REJECTED");
        assertThat(refused.get("closedStage").asText()).isEqualTo("REGISTRATION");
        assertThat(refused.get("closedReason").asText())
                .isEqualTo("firmwareVersion: Meridian Devices MD-CH3 hw 3.0 already has a release " + version);
        assertThat(refused.get("variantId").asLong()).isEqualTo(VARIANT);
        assertThat(refused.get("firmwareVersion").asText()).isEqualTo(version);
        assertThat(refused.get("registeredBy").asText()).isEqualTo("dcc");
        assertThat(release(original).get("status").asText()).as("the release it duplicates").isEqualTo("IN_APPROVAL");
        assertThat(api.json(api.get("supplier-aurora", "/api/releases/" + refused.get("id").asLong()), 200)
                .get("closedReason").asText()).as("every actor sees why").contains("already has a release");

        JsonNode told = refusalNotice("dcc", refused.get("id").asLong());
        assertThat(told.get("kind").asText()).isEqualTo("REGISTRATION_REFUSED");
        assertThat(told.get("message").asText()).isEqualTo("Your registration of MD-CH3 hw 3.0 firmware " + version
                + " was refused, nothing was registered: firmwareVersion: Meridian Devices MD-CH3 hw 3.0 already has a "
                + "release " + version);
        assertThat(told.get("read").asBoolean()).isFalse();
        for (String other : List.of("csp-central-south", "dcc-testing", "supplier-aurora")) {
            assertThat(api.json(api.get(other, "/api/notifications"), 200)).as(other + "'s inbox")
                    .noneMatch(notice -> notice.get("id").asLong() == told.get("id").asLong());
            assertThat(api.post(other, "/api/notifications/" + told.get("id").asLong() + "/read", null, null).statusCode())
                    .as(other + " marks it read").isEqualTo(404);
        }
        assertThat(api.post("dcc", "/api/notifications/" + told.get("id").asLong() + "/read", null, null).statusCode())
                .isEqualTo(204);
        assertThat(api.json(api.get("dcc", "/api/notifications?unreadOnly=true"), 200))
                .noneMatch(notice -> notice.get("id").asLong() == told.get("id").asLong());
    }

    @Test
    void shouldRegisterAVersionOnceItsRefusedRegistrationIsPutRight() {
        String version = ReleaseDriver.uniqueVersion();
        String badDigest = submit(VARIANT, version, "not-a-digest");
        driver.runJobs();
        String corrected = submit(VARIANT, version, SHA);
        driver.runJobs();
        String again = submit(VARIANT, version, "not-a-digest");
        driver.runJobs();

        assertThat(release(badDigest).get("closedReason").asText())
                .isEqualTo("imageSha256: a SHA-256 digest is 64 hexadecimal digits");
        assertThat(release(badDigest).get("imageSha256").isNull()).as("nothing invalid is kept").isTrue();
        assertThat(release(corrected).get("status").asText()).isEqualTo("IN_APPROVAL");
        assertThat(release(again).get("status").asText()).isEqualTo("REJECTED");
        assertThat(releasesOf(version)).extracting(release -> release.get("status").asText())
                .containsExactlyInAnyOrder("REJECTED", "IN_APPROVAL", "REJECTED");
    }

    @Test
    void shouldKeepARefusalWhoseVariantIsUnknownAndWhoseVersionIsNoVersion() {
        String notAVersion = "5.3.0-" + "x".repeat(60);
        String unknownVariant = submit(999, "5.3.0", SHA);
        String badVersion = submit(VARIANT, notAVersion, SHA);
        driver.runJobs();

        JsonNode noVariant = release(unknownVariant);
        assertThat(noVariant.get("status").asText()).isEqualTo("REJECTED");
        assertThat(noVariant.get("variantId").isNull()).isTrue();
        assertThat(noVariant.get("closedReason").asText()).isEqualTo("variantId: no CH variant with id 999");
        JsonNode noVersion = release(badVersion);
        assertThat(noVersion.get("closedStage").asText()).isEqualTo("REGISTRATION");
        assertThat(noVersion.get("firmwareVersion").asText()).as("as submitted, as far as it fits")
                .isEqualTo(notAVersion.substring(0, 32));
        assertThat(noVersion.get("closedReason").asText()).startsWith("firmwareVersion: '5.3.0-xxx")
                .endsWith("' is not a version such as 5.3.0 (at most 32 characters)");
        assertThat(refusalNotice("dcc", noVersion.get("id").asLong()).get("message").asText())
                .startsWith("Your registration of MD-CH3 hw 3.0 firmware " + notAVersion.substring(0, 32) + " was refused");
    }

    @Test
    void shouldRefuseOversizedTextInTheStartFormBeforeAnythingStarts() {
        long instancesBefore = engine.getRuntimeService().createProcessInstanceQuery().count();
        long releasesBefore = jdbc.queryForObject("SELECT COUNT(*) FROM firmware_release", Long.class);
        var response = api.postJson("dcc", "/engine-rest/process-definition/key/ch-firmware-release/submit-form", """
                {"variables":{"variantId":{"value":"4"},"firmwareVersion":{"value":"%s"},"releaseType":{"value":"STANDARD"},
                 "imageSha256":{"value":"%s"},"releaseNotes":{"value":"%s"}}}"""
                .formatted(ReleaseDriver.uniqueVersion(), SHA, "n".repeat(5_000_000)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("releaseNotes: must have at most 10000 characters");
        assertThat(engine.getRuntimeService().createProcessInstanceQuery().count()).isEqualTo(instancesBefore);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM firmware_release", Long.class)).isEqualTo(releasesBefore);
    }

    /**
     * DCC submits a release with Tasklist's start form (the engine API Tasklist calls); returns the process instance
     * that registers it. (The product API refuses such a submission before it starts anything: ReleaseSubmissionInputTest.)
     */
    private String submit(long variantId, String version, String digest) {
        return api.json(api.postJson("dcc", "/engine-rest/process-definition/key/ch-firmware-release/submit-form", """
                {"variables":{"variantId":{"value":"%d"},"firmwareVersion":{"value":"%s"},"releaseType":{"value":"STANDARD"},
                 "imageSha256":{"value":"%s"},"releaseNotes":{"value":"Fixes the HAN join retry"}}}"""
                .formatted(variantId, version, digest)), 200).get("id").asText();
    }

    /** The release its process instance registered (or refused), as DCC finds it in the release list. */
    private JsonNode release(String processInstanceId) {
        List<JsonNode> found = new ArrayList<>();
        api.json(api.get("dcc", "/api/releases"), 200).forEach(release -> {
            if (processInstanceId.equals(release.get("processInstanceId").asText())) {
                found.add(release);
            }
        });
        assertThat(found).as("releases of process instance " + processInstanceId).hasSize(1);
        JsonNode release = found.get(0);
        assertThat(api.json(api.get("dcc", "/api/releases/" + release.get("id").asLong()), 200)).isEqualTo(release);
        return release;
    }

    private List<JsonNode> releasesOf(String version) {
        return StreamSupport.stream(api.json(api.get("dcc", "/api/releases"), 200).spliterator(), false)
                .filter(release -> version.equals(release.get("firmwareVersion").asText())).toList();
    }

    private JsonNode refusalNotice(String user, long releaseId) {
        List<JsonNode> notices = new ArrayList<>();
        api.json(api.get(user, "/api/notifications?unreadOnly=true"), 200).forEach(notice -> {
            if (notice.get("releaseId").asLong() == releaseId) {
                notices.add(notice);
            }
        });
        assertThat(notices).as(user + "'s unread notifications about release " + releaseId).hasSize(1);
        return notices.get(0);
    }
}
