package uk.co.dcc.chfirmware.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import uk.co.dcc.chfirmware.shared.ClusterLock;

/**
 * Each release's decisions as a hash chain (R35; docs/audit.md). The sealer appends the release's facts that are not yet
 * in it ({@link AuditSources#unsealed}), one record each, in order: the fact's content, its author and time, a random salt,
 * the previous record's hash and {@code SHA-256(previous hash, salt, content)}. It holds the cluster lock
 * {@value #LOCK}, so two nodes sealing at once make one chain, the second appending after the first. Verification
 * recomputes the chain and compares each record with the row it sealed, and names the first record that no longer holds.
 */
@Service
class AuditChain {

    static final String LOCK = "audit-seal";
    /** The previous hash of a chain's first record. */
    static final String GENESIS = "0".repeat(64);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final JdbcTemplate jdbc;
    private final AuditSources sources;
    private final ClusterLock lock;
    private final Clock clock;

    AuditChain(JdbcTemplate jdbc, AuditSources sources, ClusterLock lock, Clock clock) {
        this.jdbc = jdbc;
        this.sources = sources;
        this.lock = lock;
        this.clock = clock;
    }

    /** One record of a chain as stored. */
    record SealedRecord(long seq, String sourceKey, String content, String salt, String prevHash, String hash) {
    }

    /** Whether the chain holds: its length and head, or the first record that does not. */
    record Verification(boolean ok, long records, String headHash, Broken broken) {
    }

    /** The first record that no longer holds, and why. */
    record Broken(long seq, String sourceKey, String problem) {
    }

    /** Appends the release's unsealed decisions to its chain; returns how many. */
    int seal(long releaseId) {
        return lock.call(LOCK, () -> append(releaseId));
    }

    /** Seals every release with an unsealed decision (the scheduled job); returns how many records it appended. */
    int sealAll() {
        return lock.call(LOCK, () -> sources.releasesWithUnsealed().stream().mapToInt(this::append).sum());
    }

    private int append(long releaseId) {
        List<AuditFact> facts = sources.unsealed(releaseId);
        if (facts.isEmpty()) {
            return 0;
        }
        List<SealedRecord> head = jdbc.query("""
                SELECT seq, source_key, content, salt, prev_hash, hash FROM audit_record WHERE release_id = ?
                ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY""", (rs, row) -> record(rs), releaseId);
        long seq = head.isEmpty() ? 0 : head.get(0).seq();
        String prev = head.isEmpty() ? GENESIS : head.get(0).hash();
        Timestamp now = Timestamp.from(clock.instant());
        for (AuditFact fact : facts) {
            seq++;
            String content = fact.content();
            String salt = salt();
            String hash = hash(prev, salt, content);
            jdbc.update("""
                    INSERT INTO audit_record (release_id, seq, source_key, content, actor, at, salt, prev_hash, hash, sealed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", releaseId, seq, fact.sourceKey(), content, fact.decidedBy(),
                    fact.decidedAt(), salt, prev, hash, now);
            prev = hash;
        }
        return facts.size();
    }

    /** The release's chain, first record first. */
    List<SealedRecord> records(long releaseId) {
        return jdbc.query("""
                SELECT seq, source_key, content, salt, prev_hash, hash FROM audit_record WHERE release_id = ? ORDER BY seq""",
                (rs, row) -> record(rs), releaseId);
    }

    /** Recomputes the release's chain and compares each record with the decision row it sealed. */
    Verification verify(long releaseId) {
        List<SealedRecord> chain = records(releaseId);
        Map<String, AuditFact> now = sources.facts(releaseId).stream()
                .collect(Collectors.toMap(AuditFact::sourceKey, Function.identity()));
        String prev = GENESIS;
        long expected = 1;
        for (SealedRecord record : chain) {
            String problem = problem(record, expected, prev, now.get(record.sourceKey()));
            if (problem != null) {
                return new Verification(false, chain.size(), null, new Broken(record.seq(), record.sourceKey(), problem));
            }
            prev = record.hash();
            expected++;
        }
        return new Verification(true, chain.size(), prev, null);
    }

    private static String problem(SealedRecord record, long expectedSeq, String prev, AuditFact source) {
        if (record.seq() != expectedSeq) {
            return "record " + expectedSeq + " is missing from the chain";
        }
        if (!record.prevHash().equals(prev)) {
            return "its previous hash is not the hash of record " + (expectedSeq - 1) + ": a chain record was changed";
        }
        if (!hash(record.prevHash(), record.salt(), record.content()).equals(record.hash())) {
            return "its hash does not match its content: the chain record was edited";
        }
        if (source == null) {
            return "the decision row it sealed is gone";
        }
        if (!source.content().equals(record.content())) {
            return "the decision row it sealed was edited after it was sealed";
        }
        return null;
    }

    static String hash(String prev, String salt, String content) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((prev + "\n" + salt + "\n").getBytes(StandardCharsets.UTF_8));
            return HEX.formatHex(sha.digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String salt() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HEX.formatHex(bytes);
    }

    private static SealedRecord record(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new SealedRecord(rs.getLong("seq"), rs.getString("source_key"), rs.getString("content"),
                rs.getString("salt"), rs.getString("prev_hash"), rs.getString("hash"));
    }
}
