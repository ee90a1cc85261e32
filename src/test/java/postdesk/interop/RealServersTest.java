package postdesk.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.SubjectTerm;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import postdesk.config.PostdeskConfig;
import postdesk.daemon.Postdesk;
import postdesk.mail.MessageIds;
import postdesk.reply.ReplyExtractor;
import postdesk.store.TicketStore;
import postdesk.testing.MailWorld;
import postdesk.ticket.Status;
import postdesk.ticket.TicketId;
import postdesk.ticket.TicketMessage;

/**
 * Opt-in interop test against real mail servers: Dovecot IMAP on 127.0.0.1:1143 and Postfix SMTP
 * on 127.0.0.1:2525, as started by {@code /work/shared/interop/start.sh} (accounts
 * support@helpdesk.test/support, agent1@helpdesk.test/agent1, alice@customer.test/alice).
 * Skipped unless both ports accept a TCP connection.
 *
 * <p>The daemon runs in-process, configured only through {@code POSTDESK_*} variables, with a fresh
 * H2 database per run. Mailboxes persist between runs, so every run uses a unique subject token and
 * looks for its own mail only. At the start the support INBOX is emptied over IMAP (what
 * {@code clear.sh support@helpdesk.test} does for INBOX), so leftovers of other runs are not turned
 * into tickets by this daemon. Do not run it while another Postdesk polls the same support mailbox.
 */
class RealServersTest {
    static final String HOST = "127.0.0.1";
    static final int IMAP_PORT = 1143;
    static final int SMTP_PORT = 2525;
    static final String SUPPORT = "support@helpdesk.test";
    static final String AGENT1 = "agent1@helpdesk.test";
    static final String ALICE = "alice@customer.test";
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    Postdesk daemon;

    @BeforeAll
    static void requireServers() {
        Assumptions.assumeTrue(postdesk.testing.Interop.running(),
                "interop mail servers not running: no TCP listener on " + HOST + ":" + IMAP_PORT + " (IMAP) and "
                        + HOST + ":" + SMTP_PORT + " (SMTP); start them with `sudo /work/shared/interop/start.sh` to run this test");
    }

    @AfterEach
    void stop() {
        if (daemon != null) daemon.close();
    }

    @Test
    void newMailIsAcknowledgedAndAnAgentReplyIsRelayedToTheCustomer() throws Exception {
        emptyInbox(SUPPORT);
        daemon = Postdesk.start(config(), Clock.systemUTC());

        String token = "interop-" + UUID.randomUUID().toString().substring(0, 8);
        String subject = "Printer on fire " + token;

        // 1. a customer writes to support (unauthenticated, like mail from the internet)
        String aliceId = send(ALICE, "Alice Example", null, SUPPORT, subject,
                "My printer has been smoking since this morning.\n");

        // 2. she gets an acknowledgement with the ticket ID
        MimeMessage ack = awaitMail(ALICE, token, 1).get(0);
        String ackSubject = ack.getSubject();
        TicketId id = TicketId.findIn(ackSubject)
                .orElseThrow(() -> new AssertionError("no ticket ID in the acknowledgement's subject: " + ackSubject));
        assertThat(ack.getSubject()).isEqualTo("Re: " + subject + " [" + id + "]");
        assertThat(address(ack.getFrom()[0])).isEqualTo(SUPPORT);
        assertThat(ack.getHeader("In-Reply-To")).containsExactly("<" + aliceId + ">");
        assertThat(ack.getHeader("Auto-Submitted")[0]).startsWith("auto-replied");
        assertThat(text(ack)).contains(id.value());

        // 3. the agent is notified and answers from his own mail client, quoting the notification
        MimeMessage notification = awaitMail(AGENT1, token, 1).get(0);
        assertThat(notification.getSubject()).contains(id.tag());
        assertThat(address(notification.getFrom()[0])).isEqualTo(SUPPORT);
        String answer = "Please unplug it and keep away from it; a technician is on the way.";
        answer(notification, answer);

        // 4. the customer gets the answer from the support address under the agent's name, without the quote
        MimeMessage relayed = awaitMail(ALICE, token, 2).get(1);
        InternetAddress from = (InternetAddress) relayed.getFrom()[0];
        assertThat(from.getAddress()).isEqualTo(SUPPORT);
        assertThat(from.getPersonal()).contains("Agent One");
        assertThat(relayed.getSubject()).contains(id.tag());
        String relayedText = text(relayed);
        assertThat(relayedText).contains(answer).doesNotContain("wrote:").doesNotContain("\n> ");
        assertThat(raw(relayed)).as("the agent's own address must not leak to the customer").doesNotContain(AGENT1);

        // 5. the database agrees, and the support INBOX was emptied into the processed folder
        TicketStore store = new TicketStore(daemon.db().dsl());
        await().atMost(WAIT).until(() -> store.find(id).orElseThrow().status() == Status.AWAITING_CUSTOMER);
        List<TicketMessage> messages = store.messages(id);
        assertThat(messages).extracting(TicketMessage::inbound).containsExactly(true, false);
        assertThat(messages.get(1).replyText()).contains(answer).doesNotContain("wrote:");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> mails(SUPPORT, "INBOX", token).isEmpty());
        assertThat(mails(SUPPORT, "Processed", token)).hasSize(2).allMatch(m -> seen(m));
    }

    /**
     * Issue 19 through Postfix and Dovecot: a severity word and structured fields in a customer's
     * mail, the desk's word in the acknowledgement, the fields in the agent's notification, and
     * the "an engineer is on it" mail after an #assign from the agent's mail client.
     */
    @Test
    void severityFieldsAndTheWorkStartedMailThroughRealServers() throws Exception {
        emptyInbox(SUPPORT);
        daemon = Postdesk.start(config(), Clock.systemUTC());
        String token = "interop-" + UUID.randomUUID().toString().substring(0, 8);
        send(ALICE, "Alice Example", null, SUPPORT, "[blocker] Checkout is down " + token,
                "Nobody can pay.\n\nLicense: PD-7Q4K-99X2\nURL: https://shop.customer.test/cart\n");
        MimeMessage ack = awaitMail(ALICE, token, 1).get(0);
        TicketId id = TicketId.findIn(ack.getSubject()).orElseThrow();
        assertThat(ack.getSubject()).doesNotContain("[blocker]");
        assertThat(text(ack)).contains("severity: Blocker");
        TicketStore store = new TicketStore(daemon.db().dsl());
        assertThat(store.find(id).orElseThrow().priority()).isEqualTo(postdesk.ticket.Priority.CRITICAL);
        assertThat(store.fields(id)).containsEntry("license", "PD-7Q4K-99X2").containsEntry("url", "https://shop.customer.test/cart");

        MimeMessage notification = awaitMail(AGENT1, token, 1).get(0);
        assertThat(text(notification)).contains("License: PD-7Q4K-99X2").contains("Priority: CRITICAL (Blocker)");
        answer(notification, "#assign me");
        MimeMessage told = awaitMail(ALICE, token, 2).get(1);
        assertThat(text(told)).contains("an engineer is on it").contains("Agent One");
    }

    /**
     * Every agent command of issue 18 once, through Postfix and Dovecot: merge, split, forward
     * with a third party's reply, snooze with both wake-ups, send-later cancelled by the customer,
     * a canned reply, two agents answering one notification (the second held, then #send), and
     * the queue mail answered with #assign me. Timers run on a clock the test moves.
     */
    @Test
    void everyAgentCommandByMailOnce() throws Exception {
        String agent2 = "agent2@helpdesk.test";
        String bob = "bob@customer.test";
        emptyInbox(SUPPORT);
        emptyInbox(agent2); // its "queue" answers of earlier runs would be found first
        java.nio.file.Files.createDirectories(dir.resolve("replies"));
        java.nio.file.Files.writeString(dir.resolve("replies").resolve("thanks.txt"), "Thank you for your patience, {{customer_first_name}}.");
        Map<String, String> env = env();
        env.put("POSTDESK_AGENTS", AGENT1 + "," + agent2);
        postdesk.daemon.ManualClock clock = new postdesk.daemon.ManualClock(java.time.Instant.now());
        daemon = Postdesk.start(PostdeskConfig.load(dir.resolve("no-such-config.properties"), false, env), clock);
        TicketStore store = new TicketStore(daemon.db().dsl());
        String token = "cmd-" + UUID.randomUUID().toString().substring(0, 8);

        // merge: a second mail about the same thing goes into the first ticket
        send(ALICE, "Alice Example", null, SUPPORT, "VPN " + token, "It drops every minute.\n");
        TicketId a = TicketId.findIn(awaitMail(ALICE, token, 1).get(0).getSubject()).orElseThrow();
        MimeMessage nA = awaitMail(AGENT1, token, 1).get(0);
        MimeMessage nA2 = awaitMail(agent2, token, 1).get(0);
        send(ALICE, "Alice Example", null, SUPPORT, "VPN again " + token, "Still dropping.\n");
        MimeMessage nB = awaitOne(AGENT1, token, m -> subject(m).contains("VPN again"));
        answer(nB, "#merge " + a.value());
        MimeMessage notice = awaitOne(ALICE, token, m -> text(m).contains("put the two together"));
        assertThat(notice.getSubject()).contains(a.value());
        MimeMessage merged = awaitOne(AGENT1, token, m -> text(m).contains("merged into " + a.value()));

        // collision: agent2 answers the first notification, written before the second mail came in
        answer(agent2, "Agent Two", nA2, "Please restart the VPN client.");
        MimeMessage held = awaitOne(agent2, token, m -> subject(m).startsWith("HELD:"));
        assertThat(text(held)).contains("Still dropping.");
        answer(agent2, "Agent Two", held, "#send");
        awaitOne(ALICE, token, m -> text(m).contains("Please restart the VPN client."));

        // split, from the merge confirmation (an up-to-date reply address)
        answer(merged, "#split\nAlso the scanner " + token + " shows an error.");
        MimeMessage splitAck = awaitOne(ALICE, token, m -> text(m).contains("asked about more than one thing"));
        TicketId split = TicketId.findIn(splitAck.getSubject()).orElseThrow();
        assertThat(store.find(split).orElseThrow().linkedTo()).isEqualTo(a);

        // forward to a third party, whose reply is an internal note
        MimeMessage splitDone = awaitOne(AGENT1, token, m -> text(m).contains("split into " + split.value()));
        answer(splitDone, "#forward " + bob + " +last\nCould you look at the VPN concentrator?");
        MimeMessage toBob = awaitMail(bob, token, 1).get(0);
        assertThat(text(toBob)).contains("VPN concentrator");
        answer(bob, "Bob at the ISP", toBob, "Rebooted the concentrator.");
        MimeMessage side = awaitOne(AGENT1, token, m -> subject(m).startsWith("[side thread]"));
        assertThat(text(side)).contains("Rebooted the concentrator.");

        // snooze for a delay, then until the customer writes
        answer(side, "#snooze 3d");
        await().atMost(WAIT).until(() -> store.find(a).orElseThrow().status() == Status.ON_HOLD);
        clock.advance(Duration.ofDays(3).plusMinutes(1));
        daemon.fireTimers();
        assertThat(store.find(a).orElseThrow().status()).isEqualTo(Status.OPEN);
        MimeMessage woke = awaitOne(AGENT1, token, m -> subject(m).startsWith("[snooze ended]"));
        answer(woke, "#snooze until-reply");
        await().atMost(WAIT).until(() -> store.find(a).orElseThrow().status() == Status.ON_HOLD);
        int aliceBefore = mails(ALICE, "INBOX", token).size();
        send(ALICE, "Alice Example", null, SUPPORT, "Re: VPN " + token + " " + a.tag(), "Any news?\n");
        await().atMost(WAIT).until(() -> store.find(a).orElseThrow().status() == Status.OPEN);

        // send-later, cancelled by the customer writing first; then a canned reply
        MimeMessage news = awaitOne(AGENT1, token, m -> text(m).startsWith(ReplyExtractor.MARKER) && text(m).contains("Customer reply")
                && text(m).contains("Any news?"));
        answer(news, "#sendat 2h\nThe fix is rolled out.");
        await().atMost(WAIT).until(() -> store.events(a).stream().anyMatch(e -> e.kind().equals("answer_held")));
        send(ALICE, "Alice Example", null, SUPPORT, "Re: VPN " + token + " " + a.tag(), "It works now, thanks.\n");
        await().atMost(WAIT).until(() -> store.events(a).stream().anyMatch(e -> e.kind().equals("held_answer_cancelled")));
        clock.advance(Duration.ofHours(3));
        daemon.fireTimers();
        MimeMessage works = awaitOne(AGENT1, token, m -> text(m).contains("Customer reply") && text(m).contains("It works now"));
        answer(works, "#reply thanks");
        MimeMessage canned = awaitOne(ALICE, token, m -> text(m).contains("Thank you for your patience"));
        assertThat(text(canned)).contains("Thank you for your patience, Alice.");
        assertThat(mails(ALICE, "INBOX", token)).extracting(RealServersTest::text).noneMatch(t -> t.contains("The fix is rolled out"));
        assertThat(mails(ALICE, "INBOX", token).size()).isGreaterThan(aliceBefore);

        // the queue by mail, answered with #assign me on the split ticket's line
        send(agent2, "Agent Two", "agent2", SUPPORT, "queue", "");
        MimeMessage queue = await().atMost(WAIT).until(() -> mails(agent2, "INBOX", "queue"), l -> !l.isEmpty()).get(0);
        String lines = text(queue);
        assertThat(lines).contains(split.value());
        String address = lines.lines().dropWhile(l -> !l.contains(split.value())).filter(l -> l.strip().startsWith("mailto:"))
                .findFirst().orElseThrow().strip().substring("mailto:".length());
        send(agent2, "Agent Two", "agent2", address, "Re: " + split.tag(), "#assign me\n");
        await().atMost(WAIT).until(() -> agent2.equals(store.find(split).orElseThrow().assignee()));
    }

    /** The first mail with {@code token} in the subject that matches, once it arrived. */
    private static MimeMessage awaitOne(String user, String token, java.util.function.Predicate<MimeMessage> which) {
        return await("a matching mail with '" + token + "' in " + user + "'s INBOX").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> mails(user, "INBOX", token).stream().filter(which).findFirst(), java.util.Optional::isPresent).orElseThrow();
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Two support mailboxes on Dovecot and Postfix (issue 15): each makes its own tickets and
     * answers from its own address; a mail to both makes one ticket; a mailbox that cannot log in
     * leaves the other flowing.
     */
    @Test
    void twoMailboxesAnswerFromTheirOwnAddressesAndAMailToBothMakesOneTicket() throws Exception {
        String billing = "billing@helpdesk.test";
        emptyInbox(SUPPORT);
        emptyInbox(billing);
        Map<String, String> env = env();
        env.put("POSTDESK_MAILBOXES", "support,billing");
        env.put("POSTDESK_MAILBOX_BILLING_ADDRESS", billing);
        env.put("POSTDESK_MAILBOX_BILLING_IMAP_USER", billing);
        env.put("POSTDESK_MAILBOX_BILLING_IMAP_PASSWORD", "billing");
        env.put("POSTDESK_MAILBOX_BILLING_SMTP_USER", billing);
        env.put("POSTDESK_MAILBOX_BILLING_SMTP_PASSWORD", "billing");
        env.put("POSTDESK_MAILBOX_BILLING_SUPPORT_NAME", "Helpdesk Billing");
        daemon = Postdesk.start(PostdeskConfig.load(dir.resolve("no-such-config.properties"), false, env), Clock.systemUTC());
        String token = "two-" + UUID.randomUUID().toString().substring(0, 8);
        send(ALICE, "Alice Example", null, SUPPORT, "Printer " + token, "It smokes.\n");
        send(ALICE, "Alice Example", null, billing, "Invoice " + token, "Charged twice.\n");
        send(ALICE, "Alice Example", null, SUPPORT + ", " + billing, "Both " + token, "Who handles refunds for a broken printer?\n");
        List<MimeMessage> acks = awaitMail(ALICE, token, 3);
        Map<String, String> fromBySubject = new java.util.HashMap<>();
        for (MimeMessage ack : acks) fromBySubject.put(ack.getSubject().replaceAll(" \\[TKT-.*", ""), address(ack.getFrom()[0]));
        assertThat(fromBySubject).containsEntry("Re: Printer " + token, SUPPORT).containsEntry("Re: Invoice " + token, billing);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> mails(SUPPORT, "INBOX", token).isEmpty() && mails(billing, "INBOX", token).isEmpty());
        Thread.sleep(2_000); // a second acknowledgement of the mail to both would have come by now
        assertThat(mails(ALICE, "INBOX", token)).hasSize(3);
        TicketStore store = new TicketStore(daemon.db().dsl());
        assertThat(store.list(null, token, 10, 0)).hasSize(3);
        assertThat(store.list(null, "Invoice " + token, 10, 0)).singleElement().extracting(t -> t.mailbox()).isEqualTo("billing");
        daemon.close();

        // billing's password changed under it: support goes on, billing is reported
        env.put("POSTDESK_MAILBOX_BILLING_IMAP_PASSWORD", "not-any-more");
        daemon = Postdesk.start(PostdeskConfig.load(dir.resolve("no-such-config.properties"), false, env), Clock.systemUTC());
        String later = "later-" + UUID.randomUUID().toString().substring(0, 8);
        send(ALICE, "Alice Example", null, SUPPORT, "Printer again " + later, "Still smoking.\n");
        assertThat(address(awaitMail(ALICE, later, 1).get(0).getFrom()[0])).isEqualTo(SUPPORT);
        await().atMost(WAIT).until(() -> daemon.health().mailbox("billing").imapProblem() != null);
        assertThat(daemon.health().mailbox("support").imapProblem()).isNull();
    }

    /**
     * OAuth 2.0 logins against servers nobody here wrote ({@code INTEROP_OAUTH=1}): Dovecot IMAP and
     * Postfix SMTP AUTH take SASL XOAUTH2 and check each token at the RFC 7662 introspection endpoint
     * of a token server this test starts on 127.0.0.1:8089, which hands tokens out by client
     * credentials and knows only those it handed out. A mail is acknowledged: both logins worked.
     */
    @ParameterizedTest
    @CsvSource({"xoauth2, client_credentials", "oauthbearer, jwt_bearer"})
    void theMailboxLogsInWithBearerTokensAtDovecotAndPostfix(String mechanism, String grant) throws Exception {
        Assumptions.assumeTrue(harnessHas("INTEROP_OAUTH=1"), "the interop servers run without OAuth; start them with INTEROP_OAUTH=1 to run this test");
        java.util.Set<String> issued = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<String> introspected = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer tokens = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(HOST, 8089), 0);
        // a service account's key (jwt_bearer): the token server checks each assertion's signature with its public half
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.security.KeyPair serviceAccount = generator.generateKeyPair();
        Path keyFile = dir.resolve("service-account.pem");
        java.nio.file.Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(serviceAccount.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        tokens.createContext("/default/token", exchange -> {
            String form = java.net.URLDecoder.decode(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                    java.nio.charset.StandardCharsets.UTF_8);
            boolean known = grant.equals("client_credentials")
                    ? form.contains("grant_type=client_credentials") && form.contains("client_id=postdesk-app") && form.contains("client_secret=app-secret")
                    : form.contains("grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer") && signedBy(serviceAccount.getPublic(),
                            form.replaceAll("(^|.*&)assertion=([^&]*).*", "$2"));
            String token = "opaque-" + UUID.randomUUID();
            if (known) issued.add(token);
            // 20-second tokens: the second mail below comes after the first token has lapsed
            respond(exchange, known ? 200 : 401, known ? "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":20}"
                    : "{\"error\":\"invalid_client\"}");
        });
        tokens.createContext("/default/introspect", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String form = java.net.URLDecoder.decode(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                    java.nio.charset.StandardCharsets.UTF_8);
            String token = form.replaceAll("(^|.*&)token=([^&]*).*", "$2");
            boolean active = ("Basic " + java.util.Base64.getEncoder().encodeToString("postdesk:secret".getBytes())).equals(auth)
                    && issued.contains(token);
            introspected.add(token);
            respond(exchange, 200, active ? "{\"active\":true,\"token_type\":\"Bearer\",\"sub\":\"" + SUPPORT + "\",\"scope\":\"mail\"}"
                    : "{\"active\":false}");
        });
        tokens.start();
        Path dovecotLog = Path.of(System.getenv().getOrDefault("INTEROP_STATE", "/var/tmp/helpdesk-interop"), "log", "dovecot.log");
        Path postfixLog = dovecotLog.resolveSibling("postfix.log");
        long logBefore = java.nio.file.Files.size(dovecotLog);
        long postfixBefore = java.nio.file.Files.size(postfixLog);
        try {
            emptyInbox(SUPPORT);
            Map<String, String> env = env();
            env.remove("POSTDESK_IMAP_PASSWORD");
            env.remove("POSTDESK_SMTP_PASSWORD");
            env.put("POSTDESK_IMAP_AUTH", "oauth2");
            env.put("POSTDESK_SMTP_AUTH", "oauth2");
            env.put("POSTDESK_OAUTH2_TOKEN_URL", "http://" + HOST + ":8089/default/token");
            env.put("POSTDESK_OAUTH2_CLIENT_ID", "postdesk-app");
            env.put("POSTDESK_OAUTH2_CLIENT_SECRET", "app-secret");
            env.put("POSTDESK_OAUTH2_MECHANISM", mechanism);
            env.put("POSTDESK_OAUTH2_GRANT", grant);
            env.put("POSTDESK_OAUTH2_JWT_KEY", keyFile.toString());
            env.put("POSTDESK_OAUTH2_JWT_SUBJECT", SUPPORT);
            daemon = Postdesk.start(PostdeskConfig.load(dir.resolve("no-such-config.properties"), false, env), Clock.systemUTC());
            String token = "oauth-" + UUID.randomUUID().toString().substring(0, 8);
            send(ALICE, "Alice Example", null, SUPPORT, "Locked out " + token, "I cannot log in.\n");
            assertThat(awaitMail(ALICE, token, 1).get(0).getSubject()).startsWith("Re: Locked out " + token + " [TKT-");
            // each login's token was one the token server handed out, checked by Dovecot (IMAP) and Postfix through Dovecot (SMTP)
            assertThat(introspected).isNotEmpty().allMatch(issued::contains);
            assertThat(daemon.health().imapProblem()).isNull();
            assertThat(daemon.health().smtpProblem()).isNull();

            // past the token's lifetime and the SMTP connection's idle close: IDLE still sees the mail, and SMTP logs in with a fresh token
            Thread.sleep(35_000);
            String later = "later-" + UUID.randomUUID().toString().substring(0, 8);
            send(ALICE, "Alice Example", null, SUPPORT, "Still locked out " + later, "Any news?\n");
            assertThat(awaitMail(ALICE, later, 1)).hasSize(1);
            assertThat(introspected.stream().distinct().count()).as("tokens checked by the servers").isGreaterThanOrEqualTo(2);
            assertThat(introspected).allMatch(issued::contains);
            String logins = new String(java.nio.file.Files.readAllBytes(dovecotLog), java.nio.charset.StandardCharsets.UTF_8)
                    .substring((int) logBefore);
            assertThat(logins).contains("user=<" + SUPPORT + ">, method=" + mechanism.toUpperCase(java.util.Locale.ROOT));
            String sends = new String(java.nio.file.Files.readAllBytes(postfixLog), java.nio.charset.StandardCharsets.UTF_8)
                    .substring((int) postfixBefore);
            assertThat(sends).contains("sasl_method=" + mechanism.toUpperCase(java.util.Locale.ROOT) + ", sasl_username=" + SUPPORT);
        } finally {
            tokens.stop(0);
        }
    }

    /** Whether a JWT's RS256 signature is the key's. */
    private static boolean signedBy(java.security.PublicKey key, String jwt) {
        String[] parts = jwt.split("\\.");
        try {
            java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update((parts[0] + "." + parts[1]).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return rsa.verify(java.util.Base64.getUrlDecoder().decode(parts[2]));
        } catch (Exception e) {
            return false;
        }
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /**
     * Real out-of-office responders (Dovecot Pigeonhole Sieve, {@code INTEROP_SIEVE=1}) on the
     * customer's mailbox: the RFC 5230 vacation action, then a badly behaved one that answers every
     * mail with a plain "Re:" reply. Neither may start a loop: the first is machine mail, stored and
     * never answered; the second reads as the customer's reply, which only agents hear about.
     */
    @Test
    void realOutOfOfficeRespondersNeverLoop() throws Exception {
        Assumptions.assumeTrue(sieveEnabled(), "the interop servers run without Sieve; start them with INTEROP_SIEVE=1 to run this test");
        emptyInbox(SUPPORT);
        daemon = Postdesk.start(config(), Clock.systemUTC());
        TicketStore store = new TicketStore(daemon.db().dsl());
        try {
            for (boolean naive : new boolean[] {false, true}) {
                vacation(naive ? List.of("on", "--naive", "--limit", "20") : List.of("on", "--seconds", "0"));
                String token = "ooo-" + UUID.randomUUID().toString().substring(0, 8);
                send(ALICE, "Alice Example", null, SUPPORT, "Invoice copy " + token, "Could you send it again?\n");
                MimeMessage ack = awaitMail(ALICE, token, 1).get(0);
                TicketId id = TicketId.findIn(ack.getSubject()).orElseThrow();
                // the naive responder answers the acknowledgement as if the customer wrote: the agent answers the
                // notification of that (the first one is out of date, the collision guard would hold the answer)
                List<MimeMessage> notifications = awaitMail(AGENT1, token, naive ? 2 : 1);
                answer(notifications.get(notifications.size() - 1), "Sent again, please check your spam folder.");
                await().atMost(WAIT).until(() -> store.events(id).stream().anyMatch(e -> e.actor().equals(AGENT1)));
                assertThat(store.events(id)).as("the agent's answer is relayed").anyMatch(e -> e.kind().equals("agent_reply"));
                awaitMail(ALICE, token, 2);
                // the responder answers the relayed reply (the naive one the acknowledgement too)
                await().atMost(WAIT).until(() -> store.messages(id).size() >= (naive ? 4 : 3));
                Thread.sleep(8000); // time for a loop to show itself
                assertThat(mails(ALICE, "INBOX", token)).as("mails to the customer with %s", naive ? "the naive responder" : "RFC 5230 vacation")
                        .hasSize(2);
                assertThat(store.messages(id)).hasSize(naive ? 4 : 3);
                if (!naive) {
                    assertThat(store.events(id)).anyMatch(e -> e.kind().equals("machine_mail"));
                    assertThat(store.find(id).orElseThrow().status()).isEqualTo(Status.AWAITING_CUSTOMER);
                }
            }
        } finally {
            vacation(List.of("off"));
        }
    }

    /** The agent answers a notification from his own mail client, to its reply address, quoting it. */
    private static void answer(MimeMessage notification, String text) throws Exception {
        answer(AGENT1, "Agent One", notification, text);
    }

    /** {@code who} answers {@code mail} from their own mail client, to its Reply-To, quoting it. */
    private static void answer(String who, String name, MimeMessage mail, String text) throws Exception {
        String quote = "On Mon, 2 Mar 2026 at 09:00, " + mail.getFrom()[0] + " wrote:\n"
                + String.join("\n", text(mail).lines().map(l -> "> " + l).toList());
        String replyTo = address(mail.getReplyTo()[0]);
        String refs = mail.getHeader("References", " ");
        send(who, name, password(who), replyTo, "Re: " + mail.getSubject(), text + "\n\n" + quote + "\n",
                "In-Reply-To", mail.getMessageID(),
                "References", (refs == null ? "" : refs + " ") + mail.getMessageID());
    }

    /**
     * {@code import --mbox} on an archive written by a tool nobody here wrote: three mails go
     * through Postfix into postmaster@'s mailbox (standing in for an old support mailbox), and
     * Dovecot's {@code doveadm backup} writes that INBOX as an mbox, with its own separator lines,
     * Content-Length instead of {@code >From } escaping, Status/X-UID headers and its folder-data
     * entry first.
     */
    @Test
    void anMboxWrittenByDovecotImportsAsItsThread() throws Exception {
        Path doveadm = Path.of("/usr/bin/doveadm");
        Path dovecotConf = Path.of(System.getenv().getOrDefault("INTEROP_STATE", "/var/tmp/helpdesk-interop"), "etc/dovecot/dovecot.conf");
        Assumptions.assumeTrue(java.nio.file.Files.isExecutable(doveadm) && java.nio.file.Files.isReadable(dovecotConf),
                "doveadm or the harness's dovecot.conf not usable here: Dovecot mbox import test SKIPPED");
        String archive = "postmaster@helpdesk.test";
        String token = "mbox-" + UUID.randomUUID().toString().substring(0, 8);
        emptyInbox(archive);
        // each delivered before the next is sent: Postfix delivers in parallel, and mails of one second
        // keep their mailbox order in the export, which is then the order they were written in
        String question = send(ALICE, "Alice", null, archive, "Printer " + token, "It smokes.");
        awaitMail(archive, token, 1);
        String answer = send(AGENT1, "Agent One", password(AGENT1), archive, "Re: Printer " + token, "Unplug it.",
                "In-Reply-To", "<" + question + ">", "References", "<" + question + ">");
        awaitMail(archive, token, 2);
        send(ALICE, "Alice", null, archive, "Re: Printer " + token, "Done.\n\nFrom 9:00 tomorrow it stays unplugged.",
                "In-Reply-To", "<" + answer + ">", "References", "<" + question + "> <" + answer + ">");
        awaitMail(archive, token, 3);

        // doveadm writes as the mail user: a folder it may enter (JUnit's own is private to us)
        Path out = java.nio.file.Files.createTempDirectory("postdesk-mbox-");
        java.nio.file.Files.setPosixFilePermissions(out, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        try {
            importDovecotExport(doveadm, dovecotConf, archive, out, question, answer);
        } finally {
            try (var files = java.nio.file.Files.walk(out)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private void importDovecotExport(Path doveadm, Path dovecotConf, String archive, Path out, String question, String answer) throws Exception {
        Process p = new ProcessBuilder(doveadm.toString(), "-c", dovecotConf.toString(), "-o", "namespace/inbox/separator=/",
                "backup", "-m", "INBOX", "-u", archive, "mbox:" + out.resolve("mail") + ":INBOX=" + out.resolve("inbox"))
                .redirectErrorStream(true).start();
        String doveadmOutput = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("doveadm backup: %s", doveadmOutput).isZero();
        String mbox = java.nio.file.Files.readString(out.resolve("inbox"), StandardCharsets.ISO_8859_1);
        // Dovecot does not escape a body's "From " lines; it writes Content-Length instead
        assertThat(mbox).startsWith("From ").contains("FOLDER INTERNAL DATA").contains("\n\nFrom 9:00 tomorrow").contains("Content-Length: ");

        Map<String, String> env = env();
        for (String run : List.of("first", "second")) {
            java.io.StringWriter stdout = new java.io.StringWriter();
            java.io.StringWriter stderr = new java.io.StringWriter();
            int code = postdesk.cli.Main.execute(new String[] {"import", "--mbox", out.resolve("inbox").toString()}, env,
                    new java.io.PrintWriter(stdout, true), new java.io.PrintWriter(stderr, true));
            assertThat(code).as(stderr.toString()).isZero();
            assertThat(stdout.toString()).as(run + " run").contains(run.equals("first")
                    ? "3 mails: 1 new tickets, 2 added to tickets, 0 already imported" : "3 mails: 0 new tickets, 0 added to tickets, 3 already imported");
        }
        PostdeskConfig config = config();
        try (postdesk.store.Database db = postdesk.store.Database.open(config.database().url(), config.database().user(), config.database().password())) {
            TicketStore store = new TicketStore(db.dsl());
            TicketId id = store.findByThreadIds(List.of(question)).orElseThrow();
            List<TicketMessage> thread = store.messages(id);
            assertThat(thread).extracting(m -> (m.inbound() ? "in " : "out ") + m.from().address())
                    .containsExactly("in " + ALICE, "out " + AGENT1, "in " + ALICE);
            assertThat(thread.get(2).replyText()).contains("From 9:00 tomorrow it stays unplugged."); // not a separator: inside its Content-Length
            assertThat(store.find(id).orElseThrow().status()).isEqualTo(Status.OPEN);
        }
    }

    private static Path interop() {
        return Path.of(System.getProperty("postdesk.shared", "../shared"), "interop");
    }

    private static boolean sieveEnabled() {
        return harnessHas("INTEROP_SIEVE=1") && java.nio.file.Files.isExecutable(interop().resolve("vacation.sh"));
    }

    /** Whether the harness was started with this setting (its interop.env has the line). */
    private static boolean harnessHas(String setting) {
        Path env = Path.of(System.getenv().getOrDefault("INTEROP_STATE", "/var/tmp/helpdesk-interop"), "interop.env");
        try {
            return java.nio.file.Files.readAllLines(env).contains(setting);
        } catch (IOException e) {
            return false;
        }
    }

    private static void vacation(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(interop().resolve("vacation.sh").toString(), ALICE));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("vacation.sh %s: %s", args, output).isZero();
    }

    // ---- configuration: only POSTDESK_* variables, no config file

    private PostdeskConfig config() {
        return PostdeskConfig.load(dir.resolve("no-such-config.properties"), false, env());
    }

    private Map<String, String> env() {
        Map<String, String> env = postdesk.testing.Interop.mailServerEnv();
        env.put("POSTDESK_SUPPORT_NAME", "Helpdesk Support");
        env.put("POSTDESK_AGENTS", AGENT1);
        env.put("POSTDESK_DB_URL", "jdbc:h2:file:" + dir.resolve("db/postdesk").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        env.put("POSTDESK_HTTP_BIND", HOST);
        env.put("POSTDESK_HTTP_PORT", "0");
        env.put("POSTDESK_POLL_INTERVAL", "1s");
        return env;
    }

    // ---- mail clients of the test's own

    private static String password(String user) {
        return user.substring(0, user.indexOf('@'));
    }

    /** Sends a text mail through Postfix (with SMTP AUTH as {@code from} when a password is given); returns its Message-ID without brackets. */
    private static String send(String from, String fromName, String authPassword, String to, String subject, String body,
                               String... headers) throws Exception {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", HOST);
        p.setProperty("mail.smtp.port", Integer.toString(SMTP_PORT));
        p.setProperty("mail.smtp.auth", Boolean.toString(authPassword != null));
        p.setProperty("mail.smtp.connectiontimeout", "10000");
        p.setProperty("mail.smtp.timeout", "10000");
        MimeMessage m = MailWorld.message(Session.getInstance(p), from, fromName, to, subject, body, headers);
        if (authPassword != null) {
            Transport.send(m, InternetAddress.parse(to), from, authPassword);
        } else {
            Transport.send(m, InternetAddress.parse(to));
        }
        return MessageIds.parseOne(m.getMessageID());
    }

    private static Store imap(String user) throws Exception {
        Properties p = new Properties();
        p.setProperty("mail.imap.connectiontimeout", "10000");
        p.setProperty("mail.imap.timeout", "10000");
        Store store = Session.getInstance(p).getStore("imap");
        store.connect(HOST, IMAP_PORT, user, password(user));
        return store;
    }

    /** Deletes and expunges whatever waits in a user's INBOX. */
    private static void emptyInbox(String user) throws Exception {
        Store store = imap(user);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Message[] all = inbox.getMessages();
            if (all.length > 0) inbox.setFlags(all, new Flags(Flags.Flag.DELETED), true);
            inbox.close(true);
        } finally {
            store.close();
        }
    }

    /** The mails in a user's folder whose subject contains {@code token}, in arrival order, fully loaded. */
    private static List<MimeMessage> mails(String user, String folderName, String token) throws Exception {
        Store store = imap(user);
        try {
            Folder folder = store.getFolder(folderName);
            if (!folder.exists()) return List.of();
            folder.open(Folder.READ_ONLY);
            List<MimeMessage> out = new ArrayList<>();
            for (Message m : folder.search(new SubjectTerm(token))) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                m.writeTo(bytes);
                MimeMessage copy = new MimeMessage((Session) null, new ByteArrayInputStream(bytes.toByteArray()));
                if (m.isSet(Flags.Flag.SEEN)) copy.setFlag(Flags.Flag.SEEN, true);
                out.add(copy);
            }
            folder.close(false);
            return out;
        } finally {
            store.close();
        }
    }

    /** Polls a user's INBOX until at least {@code count} mails with {@code token} in the subject arrived (delivery is asynchronous). */
    private static List<MimeMessage> awaitMail(String user, String token, int count) {
        return await("mail #" + count + " with '" + token + "' in " + user + "'s INBOX")
                .atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> mails(user, "INBOX", token), l -> l.size() >= count);
    }

    private static String address(jakarta.mail.Address a) {
        return ((InternetAddress) a).getAddress();
    }

    private static boolean seen(MimeMessage m) {
        try {
            return m.isSet(Flags.Flag.SEEN);
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String raw(MimeMessage m) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        m.writeTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The text/plain part of a mail, as a reader sees it (format=flowed joined). */
    private static String text(MimeMessage m) {
        return MailWorld.text(m);
    }
}
