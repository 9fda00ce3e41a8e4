package uk.co.dcc.chfirmware.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import uk.co.dcc.chfirmware.ApiTestSupport;
import uk.co.dcc.chfirmware.ApplicationTest;
import uk.co.dcc.chfirmware.security.Actors;

/**
 * Notification e-mails against an in-process SMTP server (GreenMail): each user gets its own group's notifications and
 * no one else's, immediately or as one daily digest as it chose, with links to the product's pages; the e-mails go out
 * from the outbox after the event's transaction, and two nodes sending at once send each e-mail once.
 */
@ApplicationTest
class NotificationEmailTest extends ApiTestSupport {

    private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    static {
        SMTP.start();
    }

    @Autowired
    private NotificationOutbox outbox;

    @Autowired
    private NotificationService notifications;

    @Autowired
    private JavaMailSenderImpl mailSender;

    @BeforeEach
    void sendWhatIsLeftAndStartAfresh() throws Exception {
        mailSender.setPort(SMTP.getSmtp().getPort());
        while (outbox.dispatch() > 0 | outbox.sendImmediate() > 0 | outbox.sendDigests() > 0) {
            // what the other tests' events left is sent first
        }
        SMTP.purgeEmailFromAllMailboxes();
        for (String user : List.of("supplier-aurora", "supplier-brightwatt", "supplier-celtic")) {
            setMode(user, "IMMEDIATE");
        }
    }

    @Test
    void shouldMailEachSupplierItsOwnNotificationsOnlyImmediatelyOrAsADigest() throws Exception {
        setMode("supplier-aurora", "DAILY_DIGEST");
        setMode("supplier-celtic", "OFF");
        for (String supplier : List.of("aurora", "brightwatt", "celtic")) {
            notifications.notify(Actors.supplierGroup(supplier), NotificationKind.MESSAGE, null,
                    "First notice for " + supplier, Links.inbox());
            notifications.notify(Actors.supplierGroup(supplier), NotificationKind.MESSAGE, null,
                    "Second notice for " + supplier, Links.inbox());
        }
        assertThat(SMTP.getReceivedMessages()).as("nothing is sent in the event's own transaction").isEmpty();

        outbox.dispatch();
        assertThat(outbox.sendImmediate()).as("two sent, two set aside for celtic").isEqualTo(4);
        Map<String, List<String>> received = received();
        assertThat(received).containsOnlyKeys("supplier-brightwatt@demo.invalid");
        assertThat(received.get("supplier-brightwatt@demo.invalid")).hasSize(2).allSatisfy(body -> assertThat(body)
                .contains("notice for brightwatt").doesNotContain("aurora").doesNotContain("celtic")
                .contains("https://rollout.example/dashboard/#notifications"));

        SMTP.purgeEmailFromAllMailboxes();
        assertThat(outbox.sendDigests()).isEqualTo(1);
        received = received();
        assertThat(received).containsOnlyKeys("supplier-aurora@demo.invalid");
        assertThat(received.get("supplier-aurora@demo.invalid")).singleElement().satisfies(body -> assertThat(body)
                .contains("First notice for aurora", "Second notice for aurora").doesNotContain("brightwatt", "celtic"));
        assertThat(SMTP.getReceivedMessages()[0].getSubject()).isEqualTo("[CH firmware] Your daily digest: 2 notifications");

        SMTP.purgeEmailFromAllMailboxes();
        outbox.sendImmediate();
        outbox.sendDigests();
        assertThat(SMTP.getReceivedMessages()).as("each sent once; celtic chose none").isEmpty();
    }

    @Test
    void shouldMailWhatADccMessageSaysToTheCustomersItIsForAndNoOneElse() throws Exception {
        assertThat(api.postJson("dcc", "/api/notifications/messages",
                "{\"subject\":\"Head-end maintenance\",\"text\":\"No batches on Sunday\",\"variantId\":4}").statusCode())
                .isEqualTo(201);
        outbox.dispatch();
        outbox.sendImmediate();
        List<String> expected = jdbc.queryForList("""
                SELECT DISTINCT 'supplier-' || s || '@demo.invalid' FROM (
                  SELECT electricity_supplier AS s FROM comms_hub WHERE variant_id = 4
                  UNION ALL SELECT gas_supplier FROM comms_hub WHERE variant_id = 4) h WHERE s IS NOT NULL""", String.class);
        Map<String, List<String>> received = received();
        assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(received.values()).allSatisfy(bodies -> assertThat(bodies).singleElement().satisfies(body ->
                assertThat(body).contains("Message from DCC: Head-end maintenance", "No batches on Sunday")));
    }

    @Test
    void shouldSendEachEMailOnceWhenTwoNodesSendAtOnce() throws Exception {
        for (int i = 0; i < 30; i++) {
            notifications.notify(Actors.supplierGroup("brightwatt"), NotificationKind.MESSAGE, null, "Notice " + i,
                    Links.inbox());
        }
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            List<Callable<Integer>> work = new ArrayList<>();
            for (int node = 0; node < 2; node++) {
                work.add(() -> outbox.dispatch() + outbox.sendImmediate());
            }
            for (Future<Integer> done : nodes.invokeAll(work)) {
                done.get();
            }
        } finally {
            nodes.shutdown();
        }
        outbox.dispatch();
        outbox.sendImmediate();
        List<String> subjects = new ArrayList<>();
        for (MimeMessage message : SMTP.getReceivedMessages()) {
            subjects.add(message.getSubject());
        }
        assertThat(subjects).hasSize(30).doesNotHaveDuplicates();
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM notification_delivery d JOIN notification n ON n.id = d.notification_id
                WHERE n.message LIKE 'Notice %' AND d.user_id = 'supplier-brightwatt' AND d.outcome = 'SENT'""", Long.class))
                .isEqualTo(30);
    }

    @Test
    void shouldKeepEachUsersChoiceAndRefuseAnUnknownOne() {
        assertThat(api.json(api.get("supplier-aurora", "/api/notifications/preferences"), 200).get("email").asText())
                .isEqualTo("supplier-aurora@demo.invalid");
        assertThat(api.send("supplier-aurora", "demo", "PUT", "/api/notifications/preferences", "application/json",
                "{\"emailMode\":\"HOURLY\"}").body()).contains("emailMode");
        setMode("supplier-aurora", "DAILY_DIGEST");
        assertThat(api.json(api.get("supplier-aurora", "/api/notifications/preferences"), 200).get("emailMode").asText())
                .isEqualTo("DAILY_DIGEST");
        assertThat(api.json(api.get("supplier-brightwatt", "/api/notifications/preferences"), 200).get("emailMode")
                .asText()).as("another user's choice is its own").isEqualTo("IMMEDIATE");
    }

    private void setMode(String user, String mode) {
        assertThat(api.send(user, "demo", "PUT", "/api/notifications/preferences", "application/json",
                "{\"emailMode\":\"" + mode + "\"}").statusCode()).isEqualTo(200);
    }

    /** The bodies received, by recipient address. */
    private static Map<String, List<String>> received() throws Exception {
        Map<String, List<String>> byAddress = new TreeMap<>();
        for (MimeMessage message : SMTP.getReceivedMessages()) {
            for (var address : message.getRecipients(Message.RecipientType.TO)) {
                byAddress.computeIfAbsent(address.toString(), a -> new ArrayList<>()).add(GreenMailUtil.getBody(message));
            }
        }
        return byAddress;
    }
}
