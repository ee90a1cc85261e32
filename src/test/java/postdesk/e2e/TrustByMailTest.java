package postdesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static postdesk.testing.MailWorld.AGENT1;
import static postdesk.testing.MailWorld.AGENT2;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.BOB;
import static postdesk.testing.MailWorld.MALLORY;
import static postdesk.testing.MailWorld.SUPPORT;
import static postdesk.testing.MailWorld.text;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import postdesk.testing.MailWorld;
import postdesk.ticket.Status;
import postdesk.ticket.TicketEvent;
import postdesk.ticket.TicketId;

/** The attacks of issue 5, end to end over GreenMail: forged agents, loops, bounce storms, floods, injection. */
class TrustByMailTest {
    @TempDir
    Path dir;
    MailWorld world;

    @BeforeEach
    void create() {
        world = new MailWorld(dir);
    }

    @AfterEach
    void stop() {
        world.close();
    }

    private TicketId openTicket(String subject) throws Exception {
        world.send(ALICE, "Alice Example", SUPPORT, subject, "Please help.");
        return TicketId.findIn(world.awaitInbox(ALICE, 1).get(0).getSubject()).orElseThrow();
    }

    @Test
    void aForgedAgentFromLineRunsNoCommandReachesNoCustomerAndWarnsTheAgents() throws Exception {
        world.start();
        TicketId id = openTicket("Invoice question");
        MimeMessage notification = world.awaitInbox(AGENT1, 1).get(0);
        // the attacker knows the ticket ID and an agent's address, and writes to the support address itself
        world.send(AGENT1, "Agent One", SUPPORT, "Re: Invoice question " + id.tag(), "#close\nClosing this, all sorted.");
        world.settle();
        assertThat(world.store().find(id).orElseThrow().status()).isEqualTo(Status.OPEN);
        assertThat(world.inbox(ALICE)).hasSize(1).noneMatch(m -> text(m).contains("all sorted"));
        assertThat(world.events(id, "forgery_suspected")).hasSize(1);
        for (String agent : List.of(AGENT1, AGENT2)) {
            assertThat(world.inbox(agent)).anyMatch(m -> text(m).contains("POSSIBLE FORGERY") && text(m).contains("#close"));
        }
        assertThat(world.store().messages(id)).filteredOn(m -> m.from().address().equals(AGENT1)).singleElement()
                .satisfies(m -> assertThat(m.internal()).isTrue());

        // the real agent answers the notification, which goes to their own reply address: the command runs
        String replyTo = ((InternetAddress) notification.getReplyTo()[0]).getAddress();
        assertThat(replyTo).startsWith("support+" + id.value().toLowerCase() + ".");
        world.reply(AGENT1, "Agent One", notification, "#close\nSorted: the invoice was sent again.");
        await().atMost(Duration.ofSeconds(10)).until(() -> world.store().find(id).orElseThrow().status() == Status.CLOSED);
        assertThat(text(world.awaitInbox(ALICE, 2).get(1))).contains("Sorted: the invoice was sent again.");
    }

    @Test
    void anotherAgentsReplyAddressOrAnExpiredOneProvesNothing() throws Exception {
        world.start();
        TicketId id = openTicket("Password reset");
        MimeMessage toAgent1 = world.awaitInbox(AGENT1, 1).get(0);
        // agent2 (or anyone who got hold of agent1's notification) cannot use agent1's reply address
        world.reply(AGENT2, "Agent Two", toAgent1, "#status on-hold");
        world.settle();
        assertThat(world.store().find(id).orElseThrow().status()).isEqualTo(Status.OPEN);
        assertThat(world.events(id, "forgery_suspected")).hasSize(1);
        // 31 days later agent1's own address has expired
        world.clock.advance(Duration.ofDays(31));
        world.reply(AGENT1, "Agent One", toAgent1, "#status on-hold");
        world.settle();
        assertThat(world.store().find(id).orElseThrow().status()).isEqualTo(Status.OPEN);
        assertThat(world.events(id, "forgery_suspected")).hasSize(2);
    }

    @Test
    void aTrustedServersDkimPassProvesAnAgentWithoutAToken() throws Exception {
        world.with("POSTDESK_AUTH_TRUSTED_SERVERS", "mx.helpdesk.test").start();
        TicketId id = openTicket("Export broken");
        world.send(AGENT1, "Agent One", SUPPORT, "Re: Export broken " + id.tag(), "#status on-hold\nWaiting for the vendor.",
                "Authentication-Results", "mx.helpdesk.test; dkim=pass header.d=helpdesk.test header.s=s1");
        await().atMost(Duration.ofSeconds(10)).until(() -> world.store().find(id).orElseThrow().status() == Status.ON_HOLD);
        // the same header from a server nobody trusts proves nothing
        world.send(AGENT1, "Agent One", SUPPORT, "Re: Export broken " + id.tag(), "#status resolved",
                "Authentication-Results", "mx.evil.test; dkim=pass header.d=helpdesk.test");
        world.settle();
        assertThat(world.store().find(id).orElseThrow().status()).isEqualTo(Status.ON_HOLD);
        assertThat(world.events(id, "forgery_suspected")).hasSize(1);
    }

    /**
     * Two auto-responders write back to everything Postdesk sends them for ten minutes of
     * simulated time: bob's is well behaved (Auto-Submitted, threaded), mallory's is not (no
     * headers, new subject, no threading). Each must end in silence after a bounded exchange.
     */
    @Test
    void autoRespondersFallSilent() throws Exception {
        world.start();
        world.send(BOB, "Bob", SUPPORT, "Question from Bob", "Hi");
        world.send(MALLORY, "Mallory", SUPPORT, "Question from Mallory", "Hi");
        Set<String> answered = new HashSet<>();
        int[] perMinute = new int[10];
        for (int second = 0; second < 600; second += 30) { // the responders answer every 30 simulated seconds
            world.settle();
            for (String responder : List.of(BOB, MALLORY)) {
                for (MimeMessage m : world.inbox(responder)) {
                    if (!answered.add(responder + m.getMessageID())) continue;
                    perMinute[second / 60]++;
                    if (responder.equals(BOB)) {
                        world.send(BOB, "Bob", SUPPORT, "Auto: " + m.getSubject(), "I am away.", "Auto-Submitted", "auto-replied",
                                "In-Reply-To", m.getMessageID());
                    } else {
                        world.send(MALLORY, "Mallory", SUPPORT, "Thank you for your message " + answered.size(), "We will get back to you.");
                    }
                }
            }
            world.clock.advance(Duration.ofSeconds(30));
            world.daemon().fireTimers();
        }
        world.settle();
        int total = java.util.Arrays.stream(perMinute).sum();
        // bob: one acknowledgement, answered once by machine mail that is never answered;
        // mallory: acknowledgements up to the cap of 10 automatic mails in 3 hours, then nothing
        assertThat(world.inbox(BOB)).hasSize(1);
        assertThat(world.inbox(MALLORY)).hasSizeBetween(10, 11);
        assertThat(total).isEqualTo(world.inbox(BOB).size() + world.inbox(MALLORY).size());
        assertThat(perMinute[9]).as("mails in the last simulated minute").isZero();
        assertThat(perMinute[8]).isZero();
    }

    @Test
    void aBounceStormIsFiledUnderItsTicketAnsweredNeverAndSilencesTheAddress() throws Exception {
        world.start();
        TicketId id = openTicket("Where is my order?");
        MimeMessage ack = world.inbox(ALICE).get(0);
        for (int i = 0; i < 40; i++) world.sendRaw("MAILER-DAEMON@mx.customer.test", MailWorld.hardBounce(ack, ALICE, "storm-" + i));
        world.settle();
        assertThat(world.store().count(null, null)).isEqualTo(1);
        assertThat(world.store().messages(id)).hasSize(41);
        assertThat(world.events(id, "machine_mail")).hasSize(40);
        assertThat(world.inbox(ALICE)).hasSize(1);

        // alice's address hard-bounced: the agent's answer is not sent to it, and the trail says so
        world.reply(AGENT1, "Agent One", world.awaitInbox(AGENT1, 1).get(0), "Your order ships today.");
        world.settle();
        assertThat(world.inbox(ALICE)).hasSize(1);
        assertThat(world.events(id, "not_sent")).anyMatch(d -> d.contains(ALICE) && d.contains("bounced"));

        // a mail from alice proves the address works again
        world.reply(ALICE, "Alice Example", ack, "Thanks, got it now?");
        world.settle();
        world.reply(AGENT1, "Agent One", world.inbox(AGENT1).get(world.inbox(AGENT1).size() - 1), "Yes, tracking number 42.");
        assertThat(text(world.awaitInbox(ALICE, 2).get(1))).contains("tracking number 42");
    }

    @Test
    void aFloodFromOneSenderIsStoredButAnsweredOncePerWindow() throws Exception {
        world.with("POSTDESK_RATELIMIT_SENDER", "5/1h").start();
        for (int i = 0; i < 12; i++) world.send(ALICE, "Alice Example", SUPPORT, "Flood " + i, "Mail number " + i);
        world.settle();
        assertThat(world.store().count(null, null)).isEqualTo(12); // nothing lost
        List<MimeMessage> alices = world.inbox(ALICE);
        assertThat(alices).hasSize(6); // five acknowledgements and one notice
        assertThat(alices).filteredOn(m -> text(m).contains("more than 5 mails")).hasSize(1);
        assertThat(world.inbox(AGENT1)).hasSize(5); // agents are not flooded either

        world.clock.advance(Duration.ofMinutes(61));
        world.send(ALICE, "Alice Example", SUPPORT, "After the window", "Hello again.");
        world.settle();
        assertThat(world.inbox(ALICE)).hasSize(7);
        assertThat(text(world.inbox(ALICE).get(6))).doesNotContain("more than 5 mails");
    }

    @Test
    void headerInjectionThroughSubjectAndNameIsFoldedAway() throws Exception {
        world.start();
        String raw = "From: =?UTF-8?Q?Eve=0D=0ABcc=3A_mallory=40elsewhere.test?= <alice@customer.test>\r\n"
                + "To: support@helpdesk.test\r\n"
                + "Subject: =?UTF-8?Q?Refund=0D=0ABcc:_mallory@elsewhere.test=0D=0AX-Evil:_1?=\r\n"
                + "Message-ID: <inject-1@customer.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
                + "Hello\r\n";
        world.sendRaw(ALICE, raw);
        MimeMessage ack = world.awaitInbox(ALICE, 1).get(0);
        world.settle();
        assertThat(ack.getHeader("Bcc")).isNull();
        assertThat(ack.getHeader("X-Evil")).isNull();
        assertThat(ack.getSubject()).doesNotContain("\r").doesNotContain("\n").contains("Refund");
        assertThat(world.inbox(MALLORY)).isEmpty();
        for (MimeMessage m : world.inbox(AGENT1)) {
            assertThat(m.getHeader("Bcc")).isNull();
            assertThat(m.getHeader("X-Evil")).isNull();
            assertThat(m.getFrom()[0].toString()).doesNotContain("\n");
        }
    }

    @Test
    void hostileHtmlShowsNothingExecutableOnTheStatusPage() throws Exception {
        world.start();
        String html = "<html><body onload=\"steal()\"><p>Hi <script>alert(1)</script>"
                + "<img src=x onerror=\"alert(2)\"><a href=\"javascript:alert(3)\">click</a>"
                + "<div style=\"background:url(javascript:alert(4))\">css</div><iframe src=\"https://evil.test\"></iframe>"
                + "<svg><script>alert(5)</script></svg></p></body></html>";
        String raw = "From: Alice Example <alice@customer.test>\r\nTo: support@helpdesk.test\r\nSubject: <script>alert(6)</script>\r\n"
                + "Message-ID: <html-1@customer.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n" + html + "\r\n";
        world.sendRaw(ALICE, raw);
        TicketId id = TicketId.findIn(world.awaitInbox(ALICE, 1).get(0).getSubject()).orElseThrow();
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/", "/tickets/" + id.value(), "/api/tickets/" + id.value())) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + world.daemon().httpPort() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'").contains("frame-ancestors 'none'");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            String body = r.body().toLowerCase();
            if (path.startsWith("/api/")) {
                // data, not markup: the subject is returned as the customer wrote it, as JSON that no browser runs
                assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
                assertThat(body).doesNotContain("onerror=").doesNotContain("javascript:").doesNotContain("<iframe");
                continue;
            }
            assertThat(body).as(path).doesNotContain("<script>alert").doesNotContain("onerror=").doesNotContain("onload=")
                    .doesNotContain("href=\"javascript:").doesNotContain("<iframe").doesNotContain("<svg");
            assertThat(body).as(path).contains("&lt;script&gt;alert(6)&lt;/script&gt;"); // the subject, shown as text
        }
        // the stored HTML is sanitised too (shown to agents later)
        String stored = world.store().messages(id).get(0).html();
        assertThat(stored).doesNotContain("script").doesNotContain("onerror").doesNotContain("javascript:").doesNotContain("iframe").contains("Hi");
    }

    @Test
    void secretsNeverReachTheLogsTheApiOrThePrintedConfig() throws Exception {
        String secret = "s3cret-signing-key-0123456789-abcdef";
        String token = "http-token-9f8e7d6c5b4a";
        String dbPassword = "db-pass-1a2b3c4d";
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs = new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        List<String> seen = new java.util.ArrayList<>();
        try {
            world.with("POSTDESK_SECRET", secret).with("POSTDESK_HTTP_TOKEN", token)
                    .with("POSTDESK_DB_USER", "sa").with("POSTDESK_DB_PASSWORD", dbPassword).start();
            TicketId id = openTicket("Secrets");
            world.reply(AGENT1, "Agent One", world.awaitInbox(AGENT1, 1).get(0), "#priority high\nOn it.");
            world.send(AGENT2, "Agent Two", SUPPORT, "Re: Secrets " + id.tag(), "#close");
            world.settle();
            assertThat(world.store().events(id)).filteredOn(e -> e.kind().equals("forgery_suspected")).extracting(TicketEvent::actor).containsExactly(AGENT2);
            HttpClient http = HttpClient.newHttpClient();
            for (String path : List.of("/healthz", "/metrics", "/api/tickets", "/api/tickets/" + id.value(), "/", "/tickets/" + id.value())) {
                seen.add(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + world.daemon().httpPort() + path))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body());
            }
            seen.add(world.config().toString());
            for (String user : List.of(ALICE, AGENT1, AGENT2)) {
                for (MimeMessage m : world.inbox(user)) {
                    java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
                    m.writeTo(raw);
                    seen.add(raw.toString(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        } finally {
            root.detachAppender(logs);
        }
        logs.list.forEach(e -> {
            seen.add(e.getFormattedMessage());
            if (e.getThrowableProxy() != null) seen.add(e.getThrowableProxy().getMessage());
        });
        assertThat(logs.list).hasSizeGreaterThan(3);
        assertThat(seen).isNotEmpty().allSatisfy(text -> assertThat(String.valueOf(text))
                .doesNotContain(secret).doesNotContain(token).doesNotContain(dbPassword));
    }

    @Test
    void postdesksOwnMailAndRobotsAreNeverAnswered() throws Exception {
        world.with("POSTDESK_CATEGORIES", "Billing").with("POSTDESK_CATEGORY_ALIASES", "billing@helpdesk.test=Billing").start();
        TicketId id = openTicket("Broken link");
        MimeMessage ack = world.inbox(ALICE).get(0);
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        ack.writeTo(raw);
        // our own acknowledgement comes back into the support mailbox (a forwarding rule, a misconfigured alias)
        world.sendRaw(SUPPORT, raw.toString(java.nio.charset.StandardCharsets.UTF_8));
        // a mail that carries our X-Loop, and one from our own billing alias
        world.send(BOB, "Bob", SUPPORT, "Looped", "Hello", "X-Loop", SUPPORT);
        world.send("billing@helpdesk.test", "Billing", SUPPORT, "From our alias", "Hello");
        // a no-reply sender: stored as machine mail, never answered
        world.send("no-reply@shop.test", "Shop", SUPPORT, "Your order 1234", "Thank you for your order.");
        world.settle();
        assertThat(world.store().count(null, null)).isEqualTo(2); // alice's ticket and the shop's
        assertThat(world.store().messages(id)).hasSize(1);
        assertThat(world.inbox(BOB)).isEmpty();
        assertThat(world.inbox(ALICE)).hasSize(1);
        assertThat(world.daemon().db().dsl().fetchCount(postdesk.store.schema.Tables.OUTBOX,
                postdesk.store.schema.Tables.OUTBOX.RECIPIENTS.contains("shop.test"))).isZero();

        // alice copies a robot address of her own company: it joins the ticket, but nothing is sent to it
        world.send(ALICE, "Alice Example", SUPPORT + ", noreply@customer.test", "Second question", "And another thing.");
        TicketId second = TicketId.findIn(world.awaitInbox(ALICE, 2).get(1).getSubject()).orElseThrow();
        world.settle();
        assertThat(world.inbox(ALICE).get(1).getHeader("Cc")).isNull();
        assertThat(world.events(second, "not_sent")).anyMatch(d -> d.contains("noreply@customer.test") && d.contains("does not read mail"));
    }
}
