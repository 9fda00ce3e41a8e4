package uk.co.dcc.chfirmware.estate.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;

/**
 * A batch's hubs as bits of 64-id words (migration 75, {@link BatchMembers}), on the database the suite runs on: a set of
 * hubs written as words the way a publication writes them reads back as exactly that set through every shape (a
 * batch's hubs, whether a batch holds a hub, the batches holding a hub, the population of the bits, the reading view),
 * including the first and last id of a word (bit 63 is the sign bit of a BIGINT) and words of one hub. The sets are
 * chosen here from the estate's ids, independently of the SQL under test.
 */
@ApplicationTest
class BatchMembersTest extends ApiTestSupport {

    // batch ids no batch has (batch_member has no key to upgrade_batch: a publication writes both in one transaction)
    private static final long BATCH = -7001;
    private static final long OTHER_BATCH = -7002;

    @AfterEach
    void removeWords() {
        jdbc.update("DELETE FROM batch_member WHERE batch_id IN (?, ?)", BATCH, OTHER_BATCH);
    }

    @Test
    void shouldReadBackExactlyTheHubsWrittenAsWordsThroughEveryShape() {
        List<Long> ids = jdbc.queryForList("SELECT id FROM comms_hub ORDER BY id", Long.class);
        Set<Long> chosen = new TreeSet<>();
        Set<Long> other = new TreeSet<>();
        for (long id : ids) {
            if (id % 64 == 0 || id % 64 == 63 || id % 3 == 1 || id % 64 == 31) {
                chosen.add(id);
            } else if (id % 5 == 0) {
                other.add(id);
            }
        }
        assertThat(chosen).as("the estate has hubs at both ends of a word").anyMatch(id -> id % 64 == 63)
                .anyMatch(id -> id % 64 == 0);
        assertThat(other).isNotEmpty();
        write(BATCH, chosen);
        write(OTHER_BATCH, other);

        assertThat(ids("SELECT h.id FROM " + BatchMembers.hubsOf("m", "h") + " WHERE m.batch_id = ?", BATCH))
                .as("a batch's hubs").isEqualTo(chosen);
        assertThat(ids("SELECT h.id FROM comms_hub h WHERE " + BatchMembers.holds("?", "h.id"), BATCH))
                .as("whether the batch holds each hub").isEqualTo(chosen);
        assertThat(ids("SELECT h.id FROM comms_hub h WHERE EXISTS (SELECT 1 FROM batch_member m WHERE m.batch_id = ? AND "
                + BatchMembers.holding("m", "h.id") + ")", BATCH)).as("the batches holding each hub").isEqualTo(chosen);
        assertThat(ids("SELECT h.id FROM comms_hub h WHERE EXISTS (SELECT 1 FROM batch_member m WHERE m.batch_id = ? AND "
                + BatchMembers.holding("m", "h.id") + ")", OTHER_BATCH)).as("another batch's words say its own hubs")
                .isEqualTo(other);
        assertThat(jdbc.queryForObject("SELECT SUM(BITCOUNT(bits)) FROM batch_member WHERE batch_id = ?", Long.class, BATCH))
                .as("the bits' population").isEqualTo(chosen.size());
        assertThat(jdbc.queryForObject("SELECT SUM(" + BatchMembers.idSum("word", "bits") + ") FROM batch_member WHERE batch_id = ?",
                Long.class, BATCH)).as("the sum of the ids, from the bits alone")
                .isEqualTo(chosen.stream().mapToLong(Long::longValue).sum());
        assertThat(jdbc.queryForObject("SELECT SUM(" + BatchMembers.idSum("word", "bits") + ") FROM batch_member WHERE batch_id = ?",
                Long.class, OTHER_BATCH)).isEqualTo(other.stream().mapToLong(Long::longValue).sum());
        assertThat(ids("SELECT hub_id FROM batch_hub_member WHERE batch_id = ?", BATCH)).as("the reading view")
                .isEqualTo(chosen);
        assertThat(ids("SELECT h.id FROM " + BatchMembers.hubsWithStateOf("m", "h", "s") + " WHERE m.batch_id = ? AND "
                + BatchMembers.notSuperseded("s") + " AND " + BatchMembers.attempt("s") + " = 1", BATCH))
                .as("members without a state row: attempt 1, not superseded").isEqualTo(chosen);
        long words = jdbc.queryForObject("SELECT COUNT(*) FROM batch_member WHERE batch_id = ?", Long.class, BATCH);
        assertThat(words).as("one row per word, not per hub")
                .isEqualTo(chosen.stream().map(id -> id / 64).distinct().count());
    }

    /** Writes the hubs as the batch's words with the aggregate a publication uses. */
    private void write(long batchId, Set<Long> hubs) {
        String list = hubs.stream().map(String::valueOf).collect(Collectors.joining(", "));
        jdbc.update("INSERT INTO batch_member (batch_id, word, bits) SELECT ?, h.id / 64, " + BatchMembers.wordBits("h.id")
                + " FROM comms_hub h WHERE h.id IN (" + list + ") GROUP BY h.id / 64", batchId);
    }

    private Set<Long> ids(String sql, Object... args) {
        return new TreeSet<>(jdbc.queryForList(sql, Long.class, args));
    }
}
