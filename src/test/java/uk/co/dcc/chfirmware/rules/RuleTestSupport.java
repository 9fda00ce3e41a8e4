package uk.co.dcc.chfirmware.rules;

import org.junit.jupiter.api.AfterEach;
import uk.co.dcc.chfirmware.ApiTestSupport;

/** What the rule tests share: saving a rule or having it refused over the API, and ending every rule afterwards. */
abstract class RuleTestSupport extends ApiTestSupport {

    /** Rules stand across releases: end this test's, so that other tests' releases on the shared database do not get them. */
    @AfterEach
    void endRules() {
        jdbc.update("UPDATE supplier_rule SET ended_at = CURRENT_TIMESTAMP, ended_by = 'test', end_reason = 'test ended' "
                + "WHERE ended_at IS NULL");
    }

    long create(String user, String body) {
        return api.json(api.postJson(user, "/api/rules", body), 201).get("id").asLong();
    }

    /** The 400's detail for a rule refused. */
    String detail(String user, String body) {
        return api.json(api.postJson(user, "/api/rules", body), 400).get("detail").asText();
    }
}
