package postdesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static postdesk.testing.MailWorld.AGENT1;
import static postdesk.testing.MailWorld.AGENT2;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.BOB;
import static postdesk.testing.MailWorld.MALLORY;
import static postdesk.testing.MailWorld.SUPPORT;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import postdesk.store.CustomerStore;
import postdesk.testing.MailWorld;
import postdesk.ticket.Priority;
import postdesk.ticket.Ticket;
import postdesk.ticket.TicketId;

/**
 * What the source help centres promise their customers, through the mail loop: severity words,
 * structured fields, licences, the "an engineer is on it" mail, the forum policy of a plan, and
 * tickets shared with the organisation.
 */
class CustomerPromisesTest {
    @TempDir
    Path dir;
    MailWorld world;
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (world != null) world.close();
    }

    private MailWorld start(String... variables) throws Exception {
        world = new MailWorld(dir);
        for (int i = 0; i < variables.length; i += 2) world.with(variables[i], variables[i + 1]);
        world.start();
        return world;
    }

    private TicketId open(String from, String name, String subject, String body, int inboxBefore) throws Exception {
        world.send(from, name, SUPPORT, subject, body);
        MimeMessage ack = world.awaitInbox(from, inboxBefore + 1).get(inboxBefore);
        return TicketId.findIn(ack.getSubject()).orElseThrow();
    }

    private Ticket ticket(TicketId id) {
        return world.store().find(id).orElseThrow();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + world.daemon().httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void directory(String pattern, String organisation, String plan, String... licences) {
        CustomerStore customers = new CustomerStore(world.daemon().db().dsl());
        customers.put(new CustomerStore.Customer(pattern, organisation, plan), world.clock.instant());
        for (String key : licences) customers.addLicence(pattern, key);
    }

    @Test
    void aSeverityWordSetsThePriorityAndTheCustomerReadsTheDesksWord() throws Exception {
        start();
        TicketId blocker = open(ALICE, "Alice Example", "[blocker] Checkout is down", "Nobody can pay.", 0);
        assertThat(ticket(blocker).priority()).isEqualTo(Priority.CRITICAL);
        assertThat(ticket(blocker).subject()).isEqualTo("Checkout is down");
        assertThat(MailWorld.text(world.awaitInbox(ALICE, 1).get(0))).contains("severity: Blocker").doesNotContain("CRITICAL");
        assertThat(MailWorld.text(world.awaitInbox(AGENT1, 1).get(0))).contains("Priority: CRITICAL (Blocker)");

        TicketId major = open(ALICE, "Alice Example", "Exports are slow", "Hello,\n\nSeverity: major\n\nExports take an hour.", 1);
        assertThat(ticket(major).priority()).isEqualTo(Priority.HIGH);
        assertThat(MailWorld.text(world.awaitInbox(ALICE, 2).get(1))).contains("severity: Major");

        TicketId plain = open(ALICE, "Alice Example", "[question] Where is the invoice?", "Thanks.", 2);
        assertThat(ticket(plain).priority()).isEqualTo(Priority.NORMAL);
        assertThat(ticket(plain).subject()).as("a tag that names no priority stays").isEqualTo("[question] Where is the invoice?");
        assertThat(MailWorld.text(world.awaitInbox(ALICE, 3).get(2))).contains("severity: Minor");
    }

    @Test
    void theDeskChoosesItsOwnSeverityWords() throws Exception {
        start("POSTDESK_SEVERITY_WORDS", "Sev1=CRITICAL, Sev2=HIGH, Sev3=NORMAL, Sev4=LOW");
        TicketId id = open(ALICE, "Alice Example", "[sev2] Reports fail", "Since Monday.", 0);
        assertThat(ticket(id).priority()).isEqualTo(Priority.HIGH);
        assertThat(MailWorld.text(world.awaitInbox(ALICE, 1).get(0))).contains("severity: Sev2");
    }

    @Test
    void structuredFieldsAreStoredShownSearchableAndInTheApi() throws Exception {
        start();
        TicketId id = open(ALICE, "Alice Example", "Checkout broken", """
                Hello,

                the checkout throws an error.

                License: PD-7Q4K-99X2
                URL: https://shop.customer.test/cart?step=2.
                Resource: the database 3f2c8a10-6b1e-4c3d-9e8f-0a1b2c3d4e5f in region 2

                Thanks, Alice""", 0);
        String notification = MailWorld.text(world.awaitInbox(AGENT1, 1).get(0));
        assertThat(notification).contains("License: PD-7Q4K-99X2").contains("URL: https://shop.customer.test/cart?step=2\n")
                .contains("UUID: 3f2c8a10-6b1e-4c3d-9e8f-0a1b2c3d4e5f")
                .as("the link names the port the server bound, not the configured 0")
                .contains("http://127.0.0.1:" + world.daemon().httpPort() + "/tickets/" + id.value());

        JsonNode api = new ObjectMapper().readTree(get("/api/tickets/" + id.value()).body());
        assertThat(api.path("fields").path("license").asText()).isEqualTo("PD-7Q4K-99X2");
        assertThat(api.path("fields").path("url").asText()).isEqualTo("https://shop.customer.test/cart?step=2");
        assertThat(api.path("fields").path("uuid").asText()).isEqualTo("3f2c8a10-6b1e-4c3d-9e8f-0a1b2c3d4e5f");
        assertThat(api.path("premium").asBoolean()).as("a licence nobody issued makes nothing premium").isFalse();

        String page = get("/tickets/" + id.value()).body();
        assertThat(page).contains("<dt>License</dt><dd class=\"field\">PD-7Q4K-99X2</dd>").contains("https://shop.customer.test/cart?step&#x3D;2");
        assertThat(get("/").body()).contains("License: PD-7Q4K-99X2");

        JsonNode found = new ObjectMapper().readTree(get("/api/tickets?q=" + URLEncoder.encode("7q4k", StandardCharsets.UTF_8)).body());
        assertThat(found.path("total").asInt()).isEqualTo(1);
        assertThat(found.path("tickets").get(0).path("id").asText()).isEqualTo(id.value());

        TicketId without = open(ALICE, "Alice Example", "Another question", "No fields here.\nurl is fine: nothing", 1);
        assertThat(new ObjectMapper().readTree(get("/api/tickets/" + without.value()).body()).has("fields"))
                .as("absent when not given").isFalse();
    }

    @Test
    void aLicenceOfTheDirectoryMakesTheTicketPremiumAndLinksIt() throws Exception {
        start();
        directory("it@bigcorp.test", "BigCorp", "enterprise", "BC-2024-0001");
        TicketId id = open(ALICE, "Alice Example", "Cannot log in", "License: BC-2024-0001\n\nThe login page loops.", 0);
        Ticket t = ticket(id);
        assertThat(t.premium()).isTrue();
        assertThat(t.plan()).isEqualTo("enterprise");
        JsonNode api = new ObjectMapper().readTree(get("/api/tickets/" + id.value()).body());
        assertThat(api.path("licensed_to").asText()).isEqualTo("it@bigcorp.test");
        assertThat(world.events(id, "licence")).singleElement().asString().contains("BigCorp");
    }

    @Test
    void theCustomerIsToldOnceWhenAnEngineerStarts() throws Exception {
        start();
        TicketId id = open(ALICE, "Alice Example", "VPN broken", "It drops every minute.", 0);
        MimeMessage notification = world.awaitInbox(AGENT1, 1).get(0);
        world.reply(AGENT1, "Agent One", notification, "#assign me");
        MimeMessage told = world.awaitInbox(ALICE, 2).get(1);
        assertThat(told.getSubject()).contains(id.value());
        assertThat(MailWorld.text(told)).contains("an engineer is on it").contains("Agent One");

        world.reply(AGENT1, "Agent One", notification, "#status in_progress");
        world.reply(AGENT1, "Agent One", notification, "#priority high");
        world.settle();
        assertThat(world.awaitInbox(AGENT1, 3)).hasSizeGreaterThanOrEqualTo(3); // the confirmations arrived
        assertThat(world.inbox(ALICE)).as("told once for the same engineer").hasSize(2);
        assertThat(world.events(id, "customer_told_work_started")).hasSize(1);

        world.reply(AGENT1, "Agent One", notification, "#assign " + AGENT2);
        assertThat(MailWorld.text(world.awaitInbox(ALICE, 3).get(2))).as("a new engineer is news").contains("an engineer is on it");
    }

    @Test
    void theNoticeCanBeTurnedOffAndAnAnswerNeedsNone() throws Exception {
        start("POSTDESK_WORK_STARTED_NOTICE", "off");
        open(ALICE, "Alice Example", "VPN broken", "It drops every minute.", 0);
        MimeMessage notification = world.awaitInbox(AGENT1, 1).get(0);
        world.reply(AGENT1, "Agent One", notification, "#assign me");
        world.awaitInbox(AGENT1, 2); // the confirmation
        world.settle();
        assertThat(world.inbox(ALICE)).hasSize(1);
    }

    @Test
    void anAnswerWithTheAssignmentIsNotFollowedByTheNotice() throws Exception {
        start();
        open(ALICE, "Alice Example", "VPN broken", "It drops every minute.", 0);
        MimeMessage notification = world.awaitInbox(AGENT1, 1).get(0);
        world.reply(AGENT1, "Agent One", notification, "#assign me\nPlease restart the client.");
        assertThat(MailWorld.text(world.awaitInbox(ALICE, 2).get(1))).contains("Please restart the client.");
        world.awaitInbox(AGENT1, 2);
        world.settle();
        assertThat(world.inbox(ALICE)).hasSize(2);
    }

    @Test
    void aForumPlanGetsThePointerAndNoTicketWhileAPaidOneGetsATicket() throws Exception {
        start("POSTDESK_PLAN_DEFAULT", "Basic", "POSTDESK_PLAN_POLICIES", "basic=forum",
                "POSTDESK_FORUM_URL", "https://forum.helpdesk.test/");
        world.send(ALICE, "Alice Example", SUPPORT, "How do I export?", "Is there a CSV export?");
        MimeMessage pointer = world.awaitInbox(ALICE, 1).get(0);
        assertThat(MailWorld.text(pointer)).contains("https://forum.helpdesk.test/").contains("Basic").contains("No ticket was opened");
        assertThat(TicketId.findIn(pointer.getSubject())).isEmpty();
        world.settle();
        assertThat(world.store().count(null, null)).isZero();
        assertThat(world.inbox(AGENT1)).isEmpty();

        directory(BOB, "Customer Ltd", "gold");
        TicketId id = open(BOB, "Bob", "How do I export?", "Is there a CSV export?", 0);
        assertThat(ticket(id).premium()).isTrue();

        // the key the pointer asks for opens a ticket
        directory("it@bigcorp.test", "BigCorp", "enterprise", "BC-1");
        TicketId licensed = open(ALICE, "Alice Example", "Re: How do I export?", "License: BC-1\nIs there a CSV export?", 1);
        assertThat(ticket(licensed).plan()).isEqualTo("enterprise");
    }

    @Test
    void theForumPointerSpeaksTheCustomersLanguage() throws Exception {
        start("POSTDESK_PLAN_POLICIES", "free=forum", "POSTDESK_FORUM_URL", "https://forum.helpdesk.test/");
        world.send(ALICE, "Alice Example", SUPPORT, "Export",
                "Guten Tag, ich möchte gerne wissen, wie ich meine Rechnungen als CSV-Datei exportieren kann. Vielen Dank für Ihre Hilfe!");
        assertThat(MailWorld.text(world.awaitInbox(ALICE, 1).get(0))).contains("Community-Forum").contains("kein Ticket");
    }

    @Test
    void theDefaultPlansNameIsTheDesks() throws Exception {
        start("POSTDESK_PLAN_DEFAULT", "Basic");
        directory(BOB, "Customer Ltd", "basic");
        TicketId alice = open(ALICE, "Alice Example", "Question", "Hello?", 0);
        TicketId bob = open(BOB, "Bob", "Question", "Hello?", 0);
        assertThat(ticket(alice).plan()).isEqualTo("Basic");
        assertThat(ticket(alice).premium()).isFalse();
        assertThat(ticket(bob).premium()).as("the default plan is not paid, even from the directory").isFalse();
    }

    @Test
    void aSharedTicketIsSeenAndAnsweredByTheOrganisationAndAPrivateOneIsNot() throws Exception {
        start();
        directory(ALICE, "Customer Ltd", "gold");
        directory(BOB, "Customer Ltd", "gold");
        directory(MALLORY, "Elsewhere Inc", "gold");
        TicketId shared = open(ALICE, "Alice Example", "Build server down", "Share: organisation\n\nThe build server is down.", 0);
        // Bob follows it from the start: he is copied on the acknowledgement
        MimeMessage ackToBob = world.awaitInbox(BOB, 1).get(0);
        assertThat(ackToBob.getSubject()).contains(shared.value());
        TicketId privateOne = open(ALICE, "Alice Example", "My salary slip", "It shows the wrong month.", 1);

        world.send(BOB, "Bob", SUPPORT, "status", "");
        String status = MailWorld.text(world.awaitInbox(BOB, 2).get(1));
        assertThat(status).contains(shared.value()).contains("shared by Alice Example").doesNotContain(privateOne.value());

        world.reply(BOB, "Bob", ackToBob, "It is back up for me, but slow.");
        world.settle();
        assertThat(world.store().messages(shared)).extracting(m -> m.from().address()).contains(BOB);
        assertThat(world.store().count(null, null)).as("Bob's answer opened no ticket").isEqualTo(2);

        // a colleague who writes to the private ticket's ID gets a ticket of his own
        world.send(BOB, "Bob", SUPPORT, "[" + privateOne.value() + "] salary", "Mine too.");
        world.settle();
        assertThat(world.store().messages(privateOne)).extracting(m -> m.from().address()).doesNotContain(BOB);
        assertThat(world.store().count(null, null)).isEqualTo(3);

        // someone of another organisation is no member
        world.send(MALLORY, "Mallory", SUPPORT, "[" + shared.value() + "] hello", "Let me in.");
        world.settle();
        assertThat(world.store().messages(shared)).extracting(m -> m.from().address()).doesNotContain(MALLORY);

        // an agent's answer reaches the organisation's members on the ticket
        MimeMessage notification = world.inbox(AGENT1).stream().filter(m -> subject(m).contains(shared.value()))
                .reduce((x, y) -> y).orElseThrow();
        world.reply(AGENT1, "Agent One", notification, "We restarted it.");
        List<MimeMessage> bobs = world.awaitInbox(BOB, 4);
        assertThat(bobs.stream().map(MailWorld::text).anyMatch(t -> t.contains("We restarted it."))).isTrue();
    }

    @Test
    void anOrganisationMayShareByDefaultAndACustomerMayStillKeepATicketPrivate() throws Exception {
        start("POSTDESK_SHARE_ORGANISATIONS", "Customer Ltd");
        directory(ALICE, "Customer Ltd", "gold");
        directory(BOB, "Customer Ltd", "gold");
        TicketId byDefault = open(ALICE, "Alice Example", "Printer", "Jammed.", 0);
        TicketId kept = open(ALICE, "Alice Example", "HR question", "Share: private\nAbout my contract.", 1);
        assertThat(world.events(byDefault, "shared")).hasSize(1);
        assertThat(world.events(kept, "shared")).isEmpty();
        assertThat(world.store().participants(kept)).isEmpty();
    }
}
