package uk.co.dcc.chfirmware.estate.ledger;

/**
 * The one way to ask which hubs a batch holds (migration 75, {@code rollout.batches.BatchMembershipMigration}): a batch
 * holds hub {@code id} when its {@code batch_member} row for the word {@code id / 64} has bit {@code id % 64} set. The
 * per-hub state of an attempt is in {@code batch_hub}, a row only for a member with something to say; a member without
 * one has no outcome, attempt 1, and is neither superseded nor asked to retry. Every statement that reads a batch's hubs
 * (rather than its recorded outcomes) builds its SQL from here, in one of three shapes, each written so that both
 * databases plan it by index from the side that is known: a batch's hubs ({@link #hubsOf}), the batches holding a hub
 * ({@link #holding}), whether a batch holds a hub ({@link #holds}).
 */
public final class BatchMembers {

    private BatchMembers() {
    }

    /**
     * A FROM-clause fragment: the member words {@code m} joined to their hubs {@code h}: each word with the 64 positions
     * of {@code word_bit} whose bit is set, each such hub by its primary key. Restrict {@code m} (by {@code m.batch_id})
     * in the statement's WHERE. Every join is an equality, so a planner that starts from either side has an index or a
     * hash key: joined by a range of ids instead, PostgreSQL overestimated the hubs per word thirtyfold and, once,
     * scanned the words once per hub (minutes for a million hubs); given also the word's equality with the hub's, it
     * hashed a batch's words against a scan of every hub (120 ms a batch instead of 18).
     */
    public static String hubsOf(String m, String h) {
        return "batch_member " + m + hubsOfWord(m + ".word", m + ".bits", m + "_n", h);
    }

    /**
     * The continuation of a FROM clause that joins the word {@code word} (an expression) to the hubs {@code h} whose bits
     * are set in {@code bits} (an expression: a word's bits, or the common bits of two batches' words), through the 64
     * positions of {@code word_bit} as {@code n}: the join {@link #hubsOf} makes, every join an equality.
     */
    public static String hubsOfWord(String word, String bits, String n, String h) {
        return " JOIN word_bit %3$s ON BITGET(%2$s, %3$s.n) JOIN comms_hub %4$s ON %4$s.id = %1$s * 64 + %3$s.n"
                .formatted(word, bits, n, h);
    }

    /**
     * A FROM-clause fragment as {@link #hubsOf}, with each member's state row {@code s} ({@code batch_hub}; its columns
     * NULL where the member has none: use {@link #notSuperseded}, {@link #attempt}).
     */
    public static String hubsWithStateOf(String m, String h, String s) {
        return hubsOf(m, h) + " LEFT JOIN batch_hub %1$s ON %1$s.batch_id = %2$s.batch_id AND %1$s.hub_id = %3$s.id"
                .formatted(s, m, h);
    }

    /** The condition on the member word {@code m} that it holds the hub whose id is {@code hubId}: its word and its bit. */
    public static String holding(String m, String hubId) {
        return m + ".word = " + hubId + " / 64 AND " + bit(m, hubId);
    }

    /** Whether the batch {@code batchId} holds the hub {@code hubId} (expressions): its word's primary key and the bit. */
    public static String holds(String batchId, String hubId) {
        return "EXISTS (SELECT 1 FROM batch_member hm WHERE hm.batch_id = " + batchId + " AND " + holding("hm", hubId) + ")";
    }

    /** The member's state row {@code s} (possibly none) says it is the hub's latest attempt. */
    public static String notSuperseded(String s) {
        return "(" + s + ".superseded IS NULL OR " + s + ".superseded = FALSE)";
    }

    /** The member's attempt number, from its state row {@code s} (possibly none). */
    public static String attempt(String s) {
        return "COALESCE(" + s + ".attempt, 1)";
    }

    /** The word's bit for the hub {@code hubId}. */
    private static String bit(String m, String hubId) {
        return "BITGET(" + m + ".bits, CAST(MOD(" + hubId + ", 64) AS INTEGER))";
    }

    /** The bits of a word for the hubs {@code hubId} grouped into it (an aggregate). */
    public static String wordBits(String hubId) {
        return "BIT_OR_AGG(LSHIFT(CAST(1 AS BIGINT), CAST(MOD(" + hubId + ", 64) AS INTEGER)))";
    }

    /**
     * The sum of the ids of the hubs a word holds ({@code word} and {@code bits}, expressions), without reading them: the
     * word's base times its population, plus the sum of the positions of its set bits, which is, for each bit {@code k}
     * of a position, {@code 2^k} times how many set bits have a position with bit {@code k} set (the bits under the
     * masks 0xAAAA..., 0xCCCC..., 0xF0F0..., 0xFF00..., 0xFFFF0000..., 0xFFFFFFFF00000000).
     */
    public static String idSum(String word, String bits) {
        StringBuilder sum = new StringBuilder("(" + word + " * 64 * BITCOUNT(" + bits + ")");
        long[] masks = {0xAAAAAAAAAAAAAAAAL, 0xCCCCCCCCCCCCCCCCL, 0xF0F0F0F0F0F0F0F0L, 0xFF00FF00FF00FF00L,
                0xFFFF0000FFFF0000L, 0xFFFFFFFF00000000L};
        for (int k = 0; k < masks.length; k++) {
            sum.append(" + ").append(1 << k).append(" * BITCOUNT(BITAND(").append(bits).append(", CAST(").append(masks[k])
                    .append(" AS BIGINT)))");
        }
        return sum.append(")").toString();
    }
}
