package uk.co.dcc.chfirmware.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.ReleaseDriver;

/**
 * Issue 12, item 4 (R35): the audit chain detects an edit after the fact, of a decision row and of a chain row, and names
 * the record; two sealers at once (two nodes, or a read and the scheduled job) make one chain.
 */
@ApplicationTest
class AuditChainTest extends ApiTestSupport {

    @Autowired AuditChain chain;
    @Autowired AuditSources sources;

    @Test
    void shouldDetectAnEditedDecisionRowAndAnEditedChainRecord() {
        ProcessInstance release = driver.runToMassRolloutApproval(5, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);
        String verify = "/api/releases/" + releaseId + "/audit/verify";
        assertThat(api.json(api.get("dcc", verify), 200).get("ok").asBoolean()).isTrue();

        long decision = jdbc.queryForObject("SELECT MIN(id) FROM release_decision WHERE release_id = ?", Long.class, releaseId);
        String comment = jdbc.queryForObject("SELECT comment FROM release_decision WHERE id = ?", String.class, decision);
        jdbc.update("UPDATE release_decision SET comment = 'Nothing to see here' WHERE id = ?", decision);
        JsonNode edited = api.json(api.get("dcc", verify), 200);
        assertThat(edited.get("ok").asBoolean()).isFalse();
        assertThat(edited.at("/broken/sourceKey").asText()).isEqualTo("release_decision:" + decision);
        assertThat(edited.at("/broken/problem").asText()).contains("edited after it was sealed");
        jdbc.update("UPDATE release_decision SET comment = ? WHERE id = ?", comment, decision);
        assertThat(api.json(api.get("dcc", verify), 200).get("ok").asBoolean()).as("put back as it was").isTrue();

        jdbc.update("UPDATE release_decision SET decided_by = 'someone-else' WHERE id = ?", decision);
        assertThat(api.json(api.get("dcc", verify), 200).at("/broken/sourceKey").asText())
                .isEqualTo("release_decision:" + decision);
        jdbc.update("UPDATE release_decision SET decided_by = (SELECT actor FROM audit_record WHERE source_key = ?) WHERE id = ?",
                "release_decision:" + decision, decision);
        assertThat(api.json(api.get("dcc", verify), 200).get("ok").asBoolean()).isTrue();

        // A decision row deleted, then put back as it was.
        java.util.Map<String, Object> row = jdbc.queryForMap("SELECT * FROM release_decision WHERE id = ?", decision);
        jdbc.update("DELETE FROM release_decision WHERE id = ?", decision);
        JsonNode deleted = api.json(api.get("dcc", verify), 200);
        assertThat(deleted.at("/broken/sourceKey").asText()).isEqualTo("release_decision:" + decision);
        assertThat(deleted.at("/broken/problem").asText()).isEqualTo("the decision row it sealed is gone");
        jdbc.update("""
                INSERT INTO release_decision (id, release_id, stage, decision, comment, decided_by, decided_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", decision, releaseId, row.get("stage"), row.get("decision"), row.get("comment"),
                row.get("decided_by"), row.get("decided_at"));
        assertThat(api.json(api.get("dcc", verify), 200).get("ok").asBoolean()).isTrue();

        // A chain record's content edited: its own hash no longer matches it.
        String content = jdbc.queryForObject("SELECT content FROM audit_record WHERE release_id = ? AND seq = 2", String.class,
                releaseId);
        jdbc.update("UPDATE audit_record SET content = ? WHERE release_id = ? AND seq = 2",
                content.replace("APPROVED", "REJECTED"), releaseId);
        JsonNode chainEdited = api.json(api.get("dcc", verify), 200);
        assertThat(chainEdited.get("ok").asBoolean()).isFalse();
        assertThat(chainEdited.at("/broken/seq").asLong()).isEqualTo(2);
        assertThat(chainEdited.at("/broken/problem").asText()).contains("hash does not match its content");

        // ... and a thorough forger: the decision row, the chain record and its hash all made to agree. The next record's
        // previous hash no longer does.
        String forged = content.replace("\"decision\":\"APPROVED\"", "\"decision\":\"REJECTED\"");
        assertThat(forged).isNotEqualTo(content);
        String source = jdbc.queryForObject("SELECT source_key FROM audit_record WHERE release_id = ? AND seq = 2", String.class,
                releaseId);
        assertThat(source).startsWith("release_decision:");
        jdbc.update("UPDATE release_decision SET decision = 'REJECTED' WHERE id = ?",
                Long.parseLong(source.substring("release_decision:".length())));
        String salt = jdbc.queryForObject("SELECT salt FROM audit_record WHERE release_id = ? AND seq = 2", String.class, releaseId);
        String prev = jdbc.queryForObject("SELECT prev_hash FROM audit_record WHERE release_id = ? AND seq = 2", String.class,
                releaseId);
        jdbc.update("UPDATE audit_record SET content = ?, hash = ? WHERE release_id = ? AND seq = 2", forged,
                AuditChain.hash(prev, salt, forged), releaseId);
        JsonNode rehashed = api.json(api.get("dcc", verify), 200);
        assertThat(rehashed.at("/broken/seq").asLong()).as(rehashed.toString()).isEqualTo(3);
        assertThat(rehashed.at("/broken/problem").asText()).contains("previous hash");

    }

    @Test
    void shouldMakeOneChainWhenTwoSealersRunAtOnce() throws Exception {
        ProcessInstance release = driver.runToMassRolloutApproval(5, ReleaseDriver.uniqueVersion());
        long releaseId = driver.releaseId(release);
        jdbc.update("DELETE FROM audit_record WHERE release_id = ?", releaseId); // unsealed, whatever the job did meanwhile
        int facts = sources.facts(releaseId).size();
        assertThat(facts).isGreaterThanOrEqualTo(3);

        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<Integer>> sealers = List.of(() -> {
                start.await();
                return chain.seal(releaseId);
            }, () -> {
                start.await();
                return chain.sealAll();
            });
            List<Future<Integer>> results = new ArrayList<>();
            sealers.forEach(sealer -> results.add(nodes.submit(sealer)));
            start.countDown();
            for (Future<Integer> result : results) {
                result.get(2, TimeUnit.MINUTES);
            }
        } finally {
            nodes.shutdownNow();
        }

        assertThat(jdbc.queryForList("SELECT seq FROM audit_record WHERE release_id = ? ORDER BY seq", Long.class, releaseId))
                .as("one chain: each decision once, numbered without a gap")
                .isEqualTo(java.util.stream.LongStream.rangeClosed(1, facts).boxed().toList());
        AuditChain.Verification verification = chain.verify(releaseId);
        assertThat(verification.ok()).as(String.valueOf(verification.broken())).isTrue();
        assertThat(chain.seal(releaseId)).as("nothing left to seal").isZero();

        // A record taken out of the chain: its decision is sealed again at the end, and the gap is reported.
        jdbc.update("DELETE FROM audit_record WHERE release_id = ? AND seq = 1", releaseId);
        assertThat(chain.seal(releaseId)).isEqualTo(1);
        AuditChain.Verification gap = chain.verify(releaseId);
        assertThat(gap.ok()).isFalse();
        assertThat(gap.broken().problem()).isEqualTo("record 1 is missing from the chain");
    }
}
