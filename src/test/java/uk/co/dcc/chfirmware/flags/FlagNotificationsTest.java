package uk.co.dcc.chfirmware.flags;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.estate.configsets.ConfigurationSets;
import uk.co.dcc.chfirmware.notification.NotificationKind;

/**
 * Every change to a flag (R30) or a leaving mark (R27) is told to exactly the actors it concerns, in one table as
 * NotificationEventsTest has it: each row acts as the real user would over HTTP and compares the groups told with those an
 * independent count of the estate says run the flagged set, and each supplier's message with its own count. No supplier
 * is told who raised a flag, or who else runs the set: no supplier's code is in any message to a supplier.
 */
@ApplicationTest
class FlagNotificationsTest extends ApiTestSupport {

    private static final long VARIANT = 5;

    private record Row(String event, NotificationKind kind, Set<String> told, Set<String> concerned,
                       Map<String, String> messages) {
    }

    private final List<Row> table = new ArrayList<>();

    @AfterEach
    void lowerEverything() {
        FlagsRolloutTest.lowerEveryFlagAndMark(jdbc);
    }

    @Test
    void shouldTellEachSupplierThatRunsAFlaggedOrLeavingSetItsOwnCountAndNeverWhoRaisedIt() {
        FlagTestEstate estate = new FlagTestEstate(jdbc);
        String set = estate.setWithMostSuppliers(VARIANT);
        String raiser = estate.mainSupplierOf(set);
        Map<String, Long> counts = estate.perSupplier(hub -> hub.set().equals(set));
        assertThat(counts).as("a set that several suppliers run").hasSizeGreaterThanOrEqualTo(2);
        String[] parts = set.split("\\|", 3);
        String key = ConfigurationSets.key(VARIANT, parts[1], parts[2]);
        Set<String> runners = new TreeSet<>();
        counts.keySet().forEach(supplier -> runners.add("supplier-" + supplier));
        Set<String> runnersAndDcc = new TreeSet<>(runners);
        runnersAndDcc.add("dcc");

        long[] flag = new long[1];
        row("a supplier raises a flag on a configuration set", NotificationKind.FLAG_RAISED, runnersAndDcc, () -> flag[0] =
                api.json(api.postJson("supplier-" + raiser, "/api/flags", "{\"target\":\"CONFIGURATION_SET\","
                        + "\"configurationSet\":\"" + key + "\",\"reason\":\"Defect in triage: ESMEs drop off the HAN\"}"), 201)
                        .get("id").asLong());
        row("DCC makes its suspension industry-wide", NotificationKind.FLAG_SUSPENSION_CHANGED, runners,
                () -> api.json(api.send("dcc", "demo", "PUT", "/api/flags/" + flag[0] + "/suspension", "application/json",
                        "{\"suspension\":\"INDUSTRY\",\"reason\":\"Confirmed by the meter maker\"}"), 200));
        row("DCC lifts it", NotificationKind.FLAG_SUSPENSION_CHANGED, runners,
                () -> api.json(api.send("dcc", "demo", "PUT", "/api/flags/" + flag[0] + "/suspension", "application/json",
                        "{\"suspension\":\"LIFTED\",\"reason\":\"A workaround is in the head-end\"}"), 200));
        row("the raiser lowers it", NotificationKind.FLAG_LOWERED, runnersAndDcc,
                () -> api.json(api.postJson("supplier-" + raiser, "/api/flags/" + flag[0] + "/lower",
                        "{\"reason\":\"Fixed by the meter maker\"}"), 200));
        long[] mark = new long[1];
        row("DCC marks the set as one the industry is leaving", NotificationKind.LEAVING_SET_MARKED, runners,
                () -> mark[0] = api.json(api.postJson("dcc", "/api/leaving-sets", "{\"configurationSet\":\"" + key
                        + "\",\"reason\":\"The ESME firmware is out of support in 2027\"}"), 201).get("id").asLong());
        row("DCC ends the mark", NotificationKind.LEAVING_SET_UNMARKED, runners,
                () -> api.json(api.postJson("dcc", "/api/leaving-sets/" + mark[0] + "/end",
                        "{\"reason\":\"Support extended\"}"), 200));

        List<String> suppliers = jdbc.queryForList("SELECT code FROM supplier", String.class);
        SoftAssertions softly = new SoftAssertions();
        for (Row row : table) {
            softly.assertThat(row.told()).as(row.event() + " (" + row.kind() + ")").isEqualTo(row.concerned());
            row.messages().forEach((group, message) -> {
                if (!group.startsWith("supplier-")) {
                    return;
                }
                long own = counts.get(group.substring("supplier-".length()));
                softly.assertThat(message).as(row.event() + ": " + group + "'s own count")
                        .contains(String.format(Locale.UK, "%,d of your comms hubs", own));
                suppliers.forEach(code -> softly.assertThat(message).as(row.event() + ": told to " + group)
                        .doesNotContain(code));
            });
        }
        softly.assertThat(table.get(0).messages().get("dcc")).as("DCC alone is told who raised it").contains(raiser);
        softly.assertAll();
    }

    private void row(String event, NotificationKind kind, Set<String> concerned, Runnable action) {
        long before = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM notification", Long.class);
        action.run();
        Map<String, String> messages = new TreeMap<>();
        jdbc.query("SELECT COALESCE(recipient_group, recipient_user), message FROM notification WHERE id > ? AND kind = ?",
                rs -> {
                    messages.merge(rs.getString(1), rs.getString(2), (a, b) -> a + "\n" + b);
                }, before, kind.name());
        table.add(new Row(event, kind, new TreeSet<>(messages.keySet()), new TreeSet<>(concerned), messages));
    }

}
