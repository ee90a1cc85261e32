package postdesk.testing;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import postdesk.config.PostdeskConfig;
import postdesk.daemon.ManualClock;
import postdesk.daemon.Postdesk;
import postdesk.mail.MessageIds;
import postdesk.store.OutboxStore;
import postdesk.store.TicketStore;
import postdesk.ticket.TicketEvent;
import postdesk.ticket.TicketId;

/**
 * A small world of mail for end-to-end tests: GreenMail (SMTP + IMAP on dynamic loopback ports)
 * with the support mailbox, two agents and three customers, a Postdesk daemon configured through
 * POSTDESK_* variables against it, an H2 file database in a temporary folder, and a clock the
 * test controls.
 */
public final class MailWorld implements AutoCloseable {
    public static final String SUPPORT = "support@helpdesk.test";
    public static final String AGENT1 = "agent1@helpdesk.test";
    public static final String AGENT2 = "agent2@helpdesk.test";
    public static final String ALICE = "alice@customer.test";
    public static final String BOB = "bob@customer.test";
    public static final String MALLORY = "mallory@elsewhere.test";

    public final GreenMail greenMail;
    public final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T09:00:00Z"));
    private final Path dir;
    private final Map<String, String> extraEnv = new HashMap<>();
    private Postdesk daemon;

    public MailWorld(Path dir) {
        this.dir = dir;
        // GreenMail's own threads may throw when a client hangs up (a broken pipe): no verdict on the test
        org.awaitility.Awaitility.doNotCatchUncaughtExceptionsByDefault();
        greenMail = new GreenMail(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        greenMail.start();
        greenMail.getUserManager().setSieveIgnoreDetail(true); // support+TOKEN@ reaches support@
        for (String a : List.of(SUPPORT, AGENT1, AGENT2, ALICE, BOB, MALLORY)) {
            greenMail.setUser(a, a, a.substring(0, a.indexOf('@')));
        }
    }

    /** The environment a daemon of this world runs with (tests may add to it before {@link #start()}). */
    public Map<String, String> env() {
        Map<String, String> env = mailServerEnv(greenMail);
        env.put("POSTDESK_SUPPORT_NAME", "Helpdesk");
        env.put("POSTDESK_AGENTS", AGENT1 + "," + AGENT2);
        env.put("POSTDESK_DB_URL", "jdbc:h2:file:" + dir.resolve("db/postdesk").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        env.put("POSTDESK_HTTP_PORT", "0");
        env.put("POSTDESK_POLL_INTERVAL", "200ms");
        env.put("POSTDESK_TIMERS_INTERVAL", "1h"); // tests fire timers by hand after moving the clock
        env.putAll(extraEnv);
        return env;
    }

    /** The variables that point a daemon at {@code greenMail}'s IMAP and SMTP on loopback as support@, with plain connections. */
    public static Map<String, String> mailServerEnv(GreenMail greenMail) {
        Map<String, String> env = new HashMap<>();
        env.put("POSTDESK_IMAP_HOST", "127.0.0.1");
        env.put("POSTDESK_IMAP_PORT", Integer.toString(greenMail.getImap().getPort()));
        env.put("POSTDESK_IMAP_USER", SUPPORT);
        env.put("POSTDESK_IMAP_PASSWORD", "support");
        env.put("POSTDESK_IMAP_TLS", "none");
        env.put("POSTDESK_SMTP_HOST", "127.0.0.1");
        env.put("POSTDESK_SMTP_PORT", Integer.toString(greenMail.getSmtp().getPort()));
        env.put("POSTDESK_SMTP_TLS", "none");
        env.put("POSTDESK_ADDRESS", SUPPORT);
        return env;
    }

    public MailWorld with(String variable, String value) {
        extraEnv.put(variable, value);
        return this;
    }

    public PostdeskConfig config() {
        return PostdeskConfig.load(dir.resolve("no-such-config.properties"), false, env());
    }

    public Postdesk start() throws Exception {
        daemon = Postdesk.start(config(), clock);
        return daemon;
    }

    public Postdesk daemon() {
        return daemon;
    }

    public void stop() {
        if (daemon != null) {
            daemon.close();
            daemon = null;
        }
    }

    // ---- sending

    /** Sends a plain-text mail over SMTP; returns its Message-ID (without brackets). */
    public String send(String from, String fromName, String to, String subject, String body, String... headers) throws Exception {
        MimeMessage m = message(smtpSession(), from, fromName, to, subject, body, headers);
        Transport.send(m, InternetAddress.parse(to));
        return MessageIds.parseOne(m.getMessageID());
    }

    /**
     * A plain-text mail as a client writes it, with a unique Message-ID that survives sending
     * ({@code saveChanges} would replace it) and extra headers given as name, value pairs.
     */
    public static MimeMessage message(Session session, String from, String fromName, String to, String subject, String body,
                                      String... headers) throws Exception {
        String id = UUID.randomUUID() + "@" + from.substring(from.indexOf('@') + 1);
        MimeMessage m = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", "<" + id + ">");
            }
        };
        m.setFrom(new InternetAddress(from, fromName, "UTF-8"));
        m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to));
        m.setSubject(subject, "UTF-8");
        m.setText(body, "UTF-8");
        for (int i = 0; i + 1 < headers.length; i += 2) m.addHeader(headers[i], headers[i + 1]);
        m.saveChanges();
        return m;
    }

    /** Sends exact bytes (for malformed mail) to the support mailbox. */
    public void sendRaw(String envelopeFrom, String raw) throws Exception {
        Session session = smtpSession();
        MimeMessage m = new MimeMessage(session, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))) {
            @Override
            protected void updateMessageID() {
                // keep the bytes as they are
            }
        };
        Transport t = session.getTransport("smtp");
        t.connect();
        try {
            t.sendMessage(m, new InternetAddress[] {new InternetAddress(SUPPORT)});
        } finally {
            t.close();
        }
    }

    /**
     * Puts exact bytes into the support mailbox, as a server that stored them would serve them
     * over IMAP: no SMTP on the way, so bare LF line ends, broken headers and a null sender's
     * mail (GreenMail refuses {@code MAIL FROM:<>}) stay as they are.
     */
    public void deliverRaw(byte[] raw) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw)) {
            @Override
            public void writeTo(java.io.OutputStream os) throws java.io.IOException {
                os.write(raw);
            }
        };
        greenMail.getUserManager().getUser(SUPPORT).deliver(m);
    }

    /** A mailer daemon's hard bounce (5.1.1) of {@code returned} for {@code failed}, as raw bytes with its own Message-ID. */
    public static String hardBounce(MimeMessage returned, String failed, String dsnId) throws Exception {
        return "From: Mail Delivery System <MAILER-DAEMON@mx.customer.test>\r\nTo: support@helpdesk.test\r\n"
                + "Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <" + dsnId + "@mx.customer.test>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\r\n\r\n"
                + "--r\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
                + "--r\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.customer.test\r\n\r\n"
                + "Final-Recipient: rfc822; " + failed + "\r\nAction: failed\r\nStatus: 5.1.1\r\n"
                + "Diagnostic-Code: smtp; 550 5.1.1 user unknown\r\n\r\n"
                + "--r\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: support@helpdesk.test\r\nMessage-ID: " + returned.getMessageID()
                + "\r\nSubject: " + returned.getSubject() + "\r\n\r\n--r--\r\n";
    }

    /** Replies to {@code original} as {@code from}, the way a mail client does: Re:, In-Reply-To, References, quote. */
    public String reply(String from, String fromName, MimeMessage original, String text) throws Exception {
        String inReplyTo = original.getMessageID();
        String refs = original.getHeader("References", " ");
        String quote = "On Mon, 2 Mar 2026 at 09:00, " + original.getFrom()[0] + " wrote:\n"
                + text(original).lines().map(l -> "> " + l).reduce((a, b) -> a + "\n" + b).orElse("");
        String subject = original.getSubject().startsWith("Re:") ? original.getSubject() : "Re: " + original.getSubject();
        String to = ((InternetAddress) original.getReplyTo()[0]).getAddress();
        return send(from, fromName, to, subject, text + "\n\n" + quote,
                "In-Reply-To", inReplyTo, "References", (refs == null ? "" : refs + " ") + inReplyTo);
    }

    private Session smtpSession() {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", Integer.toString(greenMail.getSmtp().getPort()));
        return Session.getInstance(p);
    }

    // ---- reading

    /**
     * The mails in a user's folder, read over IMAP (each fully loaded, so usable after the
     * connection closes). A mail the daemon moves away while it is read is read again with the rest.
     */
    public List<MimeMessage> mailbox(String user, String folderName) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return readMailbox(user, folderName);
            } catch (java.io.IOException e) {
                if (!(e.getCause() instanceof jakarta.mail.MessagingException) || attempt == 3) throw e;
            }
        }
    }

    private List<MimeMessage> readMailbox(String user, String folderName) throws Exception {
        Properties p = new Properties();
        Session session = Session.getInstance(p);
        Store store = session.getStore("imap");
        store.connect("127.0.0.1", greenMail.getImap().getPort(), user, user.substring(0, user.indexOf('@')));
        try {
            Folder folder = store.getFolder(folderName);
            if (!folder.exists()) return List.of();
            folder.open(Folder.READ_ONLY);
            List<MimeMessage> out = new ArrayList<>();
            for (Message m : folder.getMessages()) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                m.writeTo(bytes);
                MimeMessage copy = new MimeMessage(session, new ByteArrayInputStream(bytes.toByteArray()));
                if (m.isSet(Flags.Flag.SEEN)) copy.setFlag(Flags.Flag.SEEN, true);
                out.add(copy);
            }
            folder.close(false);
            return out;
        } finally {
            store.close();
        }
    }

    /** How many mails a user's folder holds (without reading them: they may be malformed). */
    public int count(String user, String folderName) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", greenMail.getImap().getPort(), user, user.substring(0, user.indexOf('@')));
        try {
            Folder folder = store.getFolder(folderName);
            return folder.exists() ? folder.getMessageCount() : 0;
        } finally {
            store.close();
        }
    }

    /** The daemon's tickets, read from its database. */
    public TicketStore store() {
        return new TicketStore(daemon.db().dsl());
    }

    /** The details of a ticket's audit events of one kind, oldest first. */
    public List<String> events(TicketId id, String kind) {
        return store().events(id).stream().filter(e -> e.kind().equals(kind)).map(TicketEvent::detail).toList();
    }

    /** Waits until the daemon has taken every mail from the inbox and sent everything it queued. */
    public void settle() throws Exception {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
                count(SUPPORT, "INBOX") == 0 && new OutboxStore(daemon.db().dsl()).backlog() == 0);
        Thread.sleep(100);
    }

    public List<MimeMessage> inbox(String user) throws Exception {
        return mailbox(user, "INBOX");
    }

    /** Waits until a user's inbox holds at least {@code count} mails and returns them. */
    public List<MimeMessage> awaitInbox(String user, int count) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> inbox(user), l -> l.size() >= count);
    }

    /** The text/plain part of a mail, as a reader sees it (format=flowed lines joined, as flowed-aware clients do). */
    public static String text(MimeMessage m) {
        try {
            return body(m);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first text/plain part that is no attachment, depth first (a mail with files nests its body). */
    private static String body(jakarta.mail.Part part) throws Exception {
        Object content = part.getContent();
        if (content instanceof String s) return part.isMimeType("text/plain") || part instanceof MimeMessage ? shown(part, s) : null;
        if (!(content instanceof jakarta.mail.Multipart mp)) return "";
        for (int i = 0; i < mp.getCount(); i++) {
            jakarta.mail.BodyPart child = mp.getBodyPart(i);
            if (jakarta.mail.Part.ATTACHMENT.equalsIgnoreCase(child.getDisposition())) continue;
            String text = body(child);
            if (text != null && !text.isEmpty()) return text;
        }
        return "";
    }

    private static String shown(jakarta.mail.Part part, String text) throws jakarta.mail.MessagingException {
        String t = text.replace("\r\n", "\n");
        String type = part.getContentType() == null ? "" : part.getContentType().toLowerCase(java.util.Locale.ROOT);
        return type.contains("format=flowed") ? postdesk.outbound.Flowed.decode(t) : t;
    }

    @Override
    public void close() {
        stop();
        greenMail.stop();
    }
}
