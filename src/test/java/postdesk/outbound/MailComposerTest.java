package postdesk.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import jakarta.mail.Header;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import postdesk.mail.Address;
import postdesk.mail.MessageIds;
import postdesk.threading.OwnMessageIds;
import postdesk.ticket.Subjects;
import postdesk.ticket.TicketId;
import postdesk.trust.ReplyTokens;
import postdesk.trust.Signer;

class MailComposerTest {
    private static final Signer SIGNER = new Signer("a test secret of at least 32 chars".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    private static final String SUPPORT = "support@helpdesk.test";
    private static final TicketId TICKET = new TicketId("TKT-ABCDE-FGHJ");
    private static final Instant NOW = Instant.parse("2025-03-03T10:15:30Z");

    private final MailComposer composer = new MailComposer(new OwnMessageIds("helpdesk.test", new Random(42), SIGNER),
            new ReplyTokens(SIGNER, List.of(SUPPORT), java.time.Duration.ofDays(30)));

    private static OutgoingMail mail(OutgoingMail.Kind kind, String fromName, String subject, List<String> threadIds) {
        return new OutgoingMail(kind, TICKET, new OutgoingMail.From("default", fromName, SUPPORT),
                List.of(new Address("Alice Example", "alice@example.com")),
                List.of(Address.of("carol@example.com")),
                subject, threadIds, "Hello Alice,\nwe are on it.\n", "<p>Hello Alice,</p><p>we are on it.</p>");
    }

    private static OutgoingMail mail(OutgoingMail.Kind kind) {
        return mail(kind, "Helpdesk Support", Subjects.outbound("Printer broken", TICKET), List.of());
    }

    private static MimeMessage parse(MailComposer.Composed c) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(c.raw().getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static List<String> headerNames(MimeMessage m) throws Exception {
        List<String> names = new ArrayList<>();
        Enumeration<Header> e = m.getAllHeaders();
        while (e.hasMoreElements()) names.add(e.nextElement().getName().toLowerCase());
        return names;
    }

    @Test
    void fromIsTheSupportAddressUnderTheDisplayName() throws Exception {
        MimeMessage m = parse(composer.compose(mail(OutgoingMail.Kind.AGENT_REPLY, "Bob Agent", "Re: x [TKT-ABCDE-FGHJ]", List.of()), NOW));
        InternetAddress from = (InternetAddress) m.getFrom()[0];
        assertThat(m.getFrom()).hasSize(1);
        assertThat(from.getAddress()).isEqualTo(SUPPORT);
        assertThat(from.getPersonal()).isEqualTo("Bob Agent");
        assertThat(m.getReplyTo()).extracting(a -> ((InternetAddress) a).getAddress()).containsExactly(SUPPORT);
    }

    @Test
    void nonAsciiDisplayNameIsEncodedAndReadsBack() throws Exception {
        MailComposer.Composed c = composer.compose(mail(OutgoingMail.Kind.AGENT_REPLY, "Jürgen via Support",
                "Re: Drucker – kaputt [TKT-ABCDE-FGHJ]", List.of()), NOW);
        assertThat(c.raw().chars().allMatch(ch -> ch < 128)).as("raw mail is 7-bit").isTrue();
        MimeMessage m = parse(c);
        assertThat(((InternetAddress) m.getFrom()[0]).getPersonal()).isEqualTo("Jürgen via Support");
        assertThat(m.getSubject()).isEqualTo("Re: Drucker – kaputt [TKT-ABCDE-FGHJ]");
    }

    @Test
    void recipientsSubjectAndDate() throws Exception {
        MimeMessage m = parse(composer.compose(mail(OutgoingMail.Kind.ACKNOWLEDGEMENT), NOW));
        assertThat(m.getRecipients(RecipientType.TO)).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("alice@example.com");
        assertThat(((InternetAddress) m.getRecipients(RecipientType.TO)[0]).getPersonal()).isEqualTo("Alice Example");
        assertThat(m.getRecipients(RecipientType.CC)).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("carol@example.com");
        assertThat(m.getRecipients(RecipientType.BCC)).isNull();
        assertThat(m.getSubject()).isEqualTo("Re: Printer broken [TKT-ABCDE-FGHJ]");
        assertThat(m.getSentDate().toInstant()).isEqualTo(NOW);
    }

    @Test
    void noCcHeaderWithoutParticipants() throws Exception {
        OutgoingMail base = mail(OutgoingMail.Kind.AGENT_REPLY);
        OutgoingMail noCc = new OutgoingMail(base.kind(), base.ticket(), base.from(), base.to(), List.of(),
                base.subject(), base.threadIds(), base.text(), base.html());
        assertThat(parse(composer.compose(noCc, NOW)).getHeader("Cc")).isNull();
    }

    @Test
    void messageIdIsUnderPostdesksDomainAndNamesTheTicket() throws Exception {
        MailComposer.Composed c = composer.compose(mail(OutgoingMail.Kind.ACKNOWLEDGEMENT), NOW);
        assertThat(c.messageId()).matches("pd\\.tkt-abcde-fghj\\.[a-z2-9]{10}\\.[a-z2-7]{16}@helpdesk\\.test");
        MimeMessage m = parse(c);
        assertThat(m.getHeader("Message-ID")).containsExactly(MessageIds.bracket(c.messageId()));
        assertThat(m.getMessageID()).isEqualTo("<" + c.messageId() + ">");
        assertThat(composer.ids().isOwnMessageId(c.messageId())).isTrue();
    }

    @Test
    void messageIdsAreUnique() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) ids.add(composer.compose(mail(OutgoingMail.Kind.ACKNOWLEDGEMENT), NOW).messageId());
        assertThat(ids).hasSize(200);
    }

    @Test
    void ownMessageIdsAreSignedSoNobodyElseCanMakeOne() {
        String real = composer.compose(mail(OutgoingMail.Kind.ACKNOWLEDGEMENT), NOW).messageId();
        assertThat(composer.ids().isOwnMessageId(real)).isTrue();
        assertThat(composer.ids().isOwnMessageId(real.toUpperCase(java.util.Locale.ROOT))).isTrue(); // servers may change case
        assertThat(composer.ids().ticketOf(real)).contains(TICKET);
        // the same shape with another ticket, another signature or another domain is not ours
        assertThat(composer.ids().ticketOf(real.replace("tkt-abcde-fghj", "tkt-zzzzz-2222"))).isEmpty();
        String local = real.substring(0, real.indexOf('@'));
        String sig = local.substring(local.lastIndexOf('.') + 1);
        assertThat(composer.ids().isOwnMessageId(real.replace(sig, "aaaaaaaaaaaaaaaa"))).isFalse();
        assertThat(composer.ids().isOwnMessageId(real.replace("@helpdesk.test", "@other.test"))).isFalse();
        assertThat(composer.ids().isOwnMessageId("pd.tkt-abcde-fghj.abcdefghijkmnpqr@helpdesk.test")).isFalse(); // the unsigned form
        assertThat(composer.ids().isOwnMessageId("CAF=abc@mail.gmail.com")).isFalse();
        assertThat(composer.ids().isOwnMessageId(null)).isFalse();
        MailComposer otherInstance = new MailComposer(new OwnMessageIds("helpdesk.test", new Random(1),
                new Signer("another secret, also 32 characters long".getBytes(StandardCharsets.UTF_8))),
                new ReplyTokens(SIGNER, List.of(SUPPORT), java.time.Duration.ofDays(30)));
        assertThat(otherInstance.ids().isOwnMessageId(real)).isFalse();
    }

    @Test
    void aMailToOneAgentAnswersToTheirOwnReplyAddress() throws Exception {
        OutgoingMail toAgent = new OutgoingMail(OutgoingMail.Kind.AGENT_NOTIFICATION, TICKET, new OutgoingMail.From("default", "Alice via Helpdesk", SUPPORT),
                List.of(Address.of("agent1@helpdesk.test")), List.of(), "Re: x [TKT-ABCDE-FGHJ]", List.of(), "text", "<p>text</p>");
        MimeMessage m = parse(composer.compose(toAgent, NOW, 1234));
        String replyTo = ((InternetAddress) m.getReplyTo()[0]).getAddress();
        assertThat(replyTo).matches("support\\+tkt-abcde-fghj\\.[0-9a-z]+\\.ya\\.[a-z2-7]{16}@helpdesk\\.test"); // 1234 in base 36
        ReplyTokens tokens = new ReplyTokens(SIGNER, List.of(SUPPORT), java.time.Duration.ofDays(30));
        assertThat(tokens.ticketFor("agent1@helpdesk.test", List.of(replyTo), NOW)).contains(TICKET);
        assertThat(tokens.ticketFor("agent2@helpdesk.test", List.of(replyTo), NOW)).isEmpty();
    }

    @Test
    void firstMailOfAThreadHasNoThreadHeaders() throws Exception {
        MimeMessage m = parse(composer.compose(mail(OutgoingMail.Kind.ACKNOWLEDGEMENT), NOW));
        assertThat(m.getHeader("In-Reply-To")).isNull();
        assertThat(m.getHeader("References")).isNull();
    }

    @Test
    void inReplyToIsTheLastThreadIdAndReferencesChainTheThread() throws Exception {
        List<String> thread = List.of("first@example.com", "pd.tkt-abcde-fghj.aaaa@helpdesk.test", "second@example.com");
        MimeMessage m = parse(composer.compose(mail(OutgoingMail.Kind.AGENT_REPLY, "Bob", "Re: x", thread), NOW));
        assertThat(m.getHeader("In-Reply-To", null)).isEqualTo("<second@example.com>");
        assertThat(MessageIds.parseAll(m.getHeader("References", " "))).containsExactlyElementsOf(thread);
    }

    @Test
    void referencesAreLimitedToTenKeepingTheFirst() throws Exception {
        List<String> thread = new ArrayList<>();
        for (int i = 1; i <= 25; i++) thread.add("m" + i + "@example.com");
        MimeMessage m = parse(composer.compose(mail(OutgoingMail.Kind.AGENT_REPLY, "Bob", "Re: x", thread), NOW));
        List<String> refs = MessageIds.parseAll(m.getHeader("References", " "));
        assertThat(refs).hasSize(10);
        assertThat(refs.get(0)).isEqualTo("m1@example.com");
        assertThat(refs.subList(1, 10)).containsExactly("m17@example.com", "m18@example.com", "m19@example.com",
                "m20@example.com", "m21@example.com", "m22@example.com", "m23@example.com", "m24@example.com", "m25@example.com");
        assertThat(m.getHeader("In-Reply-To", null)).isEqualTo("<m25@example.com>");
    }

    @Test
    void exactlyTenReferencesAreKeptWhole() throws Exception {
        List<String> thread = new ArrayList<>();
        for (int i = 1; i <= 10; i++) thread.add("m" + i + "@example.com");
        MimeMessage m = parse(composer.compose(mail(OutgoingMail.Kind.AGENT_REPLY, "Bob", "Re: x", thread), NOW));
        assertThat(MessageIds.parseAll(m.getHeader("References", " "))).containsExactlyElementsOf(thread);
    }

    @Test
    void xLoopOnEveryMail() throws Exception {
        for (OutgoingMail.Kind kind : OutgoingMail.Kind.values()) {
            MimeMessage m = parse(composer.compose(mail(kind), NOW));
            assertThat(m.getHeader("X-Loop")).as("%s", kind).containsExactly(SUPPORT);
        }
    }

    @ParameterizedTest
    @EnumSource(value = OutgoingMail.Kind.class, names = {"AGENT_REPLY", "SIDE_FORWARD"}, mode = EnumSource.Mode.EXCLUDE)
    void automaticKindsCarryRfc3834Headers(OutgoingMail.Kind kind) throws Exception {
        MimeMessage m = parse(composer.compose(mail(kind), NOW));
        // responses to a mail that came in are auto-replied; mail Postdesk starts on its own is auto-generated
        boolean response = kind == OutgoingMail.Kind.ACKNOWLEDGEMENT || kind == OutgoingMail.Kind.ATTACHMENTS_DROPPED
                || kind == OutgoingMail.Kind.COMMAND_CONFIRMATION || kind == OutgoingMail.Kind.STATUS_LIST
                || kind == OutgoingMail.Kind.RATE_LIMIT_NOTICE || kind == OutgoingMail.Kind.FORUM_POINTER;
        String expected = response ? "auto-replied" : "auto-generated";
        assertThat(m.getHeader("Auto-Submitted")).containsExactly(expected);
        assertThat(m.getHeader("X-Auto-Response-Suppress")).containsExactly("All");
    }

    @Test
    void agentReplyAndSideForwardAreNotAutoSubmitted() throws Exception {
        for (OutgoingMail.Kind kind : List.of(OutgoingMail.Kind.AGENT_REPLY, OutgoingMail.Kind.SIDE_FORWARD)) {
            MimeMessage m = parse(composer.compose(mail(kind), NOW));
            assertThat(m.getHeader("Auto-Submitted")).as("%s", kind).isNull();
            assertThat(m.getHeader("X-Auto-Response-Suppress")).as("%s", kind).isNull();
        }
    }

    @Test
    void bodyIsAlternativeOfTextAndHtml() throws Exception {
        MimeMessage m = parse(composer.compose(mail(OutgoingMail.Kind.AGENT_REPLY), NOW));
        assertThat(m.getContentType()).startsWith("multipart/alternative");
        MimeMultipart mp = (MimeMultipart) m.getContent();
        assertThat(mp.getCount()).isEqualTo(2);
        assertThat(mp.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(mp.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat((String) mp.getBodyPart(0).getContent()).contains("we are on it.");
        assertThat((String) mp.getBodyPart(1).getContent()).contains("<p>we are on it.</p>");
    }

    @Test
    void crlfInSubjectCannotInjectAHeader() throws Exception {
        MailComposer.Composed c = composer.compose(
                mail(OutgoingMail.Kind.AGENT_REPLY, "Bob", "Hi\r\nBcc: evil@x.test", List.of()), NOW);
        MimeMessage m = parse(c);
        assertThat(m.getHeader("Bcc")).isNull();
        assertThat(m.getRecipients(RecipientType.BCC)).isNull();
        assertThat(headerNames(m)).doesNotContain("bcc");
        assertThat(m.getSubject()).isEqualTo("Hi Bcc: evil@x.test");
        assertThat(Arrays.stream(c.raw().split("\r\n")).filter(l -> l.regionMatches(true, 0, "Bcc:", 0, 4))).isEmpty();
    }

    @Test
    void lonelyCrOrLfInSubjectCannotInjectAHeader() throws Exception {
        for (String subject : List.of("Hi\nBcc: evil@x.test", "Hi\rBcc: evil@x.test", "Hi\r\n\r\nbody injection",
                "Hi\u0085Bcc: evil@x.test", "Hi\u2028Bcc: evil@x.test")) {
            MimeMessage m = parse(composer.compose(mail(OutgoingMail.Kind.AGENT_REPLY, "Bob", subject, List.of()), NOW));
            assertThat(headerNames(m)).as(subject).doesNotContain("bcc");
            assertThat(m.getSubject()).as(subject).doesNotContain("\r", "\n");
            assertThat(m.getContentType()).as(subject).startsWith("multipart/alternative");
        }
    }

    @Test
    void crlfInDisplayNameCannotInjectAHeader() throws Exception {
        MailComposer.Composed c = composer.compose(
                mail(OutgoingMail.Kind.AGENT_NOTIFICATION, "Mallory\r\nBcc: evil@x.test", "Re: x", List.of()), NOW);
        MimeMessage m = parse(c);
        assertThat(headerNames(m)).doesNotContain("bcc");
        assertThat(m.getFrom()).hasSize(1);
        assertThat(((InternetAddress) m.getFrom()[0]).getAddress()).isEqualTo(SUPPORT);
        assertThat(((InternetAddress) m.getFrom()[0]).getPersonal()).doesNotContain("\r", "\n").contains("Mallory");
    }

    @Test
    void addressLookalikeInDisplayNameStaysADisplayName() throws Exception {
        MimeMessage m = parse(composer.compose(
                mail(OutgoingMail.Kind.AGENT_NOTIFICATION, "evil@x.test, \"Other\" <other@x.test>", "Re: x", List.of()), NOW));
        assertThat(m.getFrom()).hasSize(1);
        assertThat(((InternetAddress) m.getFrom()[0]).getAddress()).isEqualTo(SUPPORT);
    }

    @Test
    void outlookThreadHeadersAreStablePerTicket() throws Exception {
        MimeMessage a = parse(composer.compose(mail(OutgoingMail.Kind.ACKNOWLEDGEMENT), NOW));
        MimeMessage b = parse(composer.compose(mail(OutgoingMail.Kind.AGENT_REPLY, "Bob", "Re: Re: Printer broken [TKT-ABCDE-FGHJ]",
                List.of("x@example.com")), NOW));
        assertThat(a.getHeader("Thread-Topic", null)).isEqualTo("Printer broken");
        assertThat(b.getHeader("Thread-Topic", null)).isEqualTo("Printer broken");
        String index = a.getHeader("Thread-Index", null);
        assertThat(java.util.Base64.getDecoder().decode(index)).hasSize(22);
        assertThat(b.getHeader("Thread-Index", null)).isEqualTo(index);
        assertThat(OwnMessageIds.threadIndex(new TicketId("TKT-ZZZZZ-2222"))).isNotEqualTo(index);
    }

    @Test
    void nonAsciiThreadTopicIsEncodedAndCannotInject() throws Exception {
        MailComposer.Composed c = composer.compose(
                mail(OutgoingMail.Kind.AGENT_REPLY, "Bob", "Grüße\r\nBcc: evil@x.test", List.of()), NOW);
        MimeMessage m = parse(c);
        assertThat(headerNames(m)).doesNotContain("bcc");
        assertThat(jakarta.mail.internet.MimeUtility.decodeText(jakarta.mail.internet.MimeUtility.unfold(
                m.getHeader("Thread-Topic", null)))).isEqualTo("Grüße Bcc: evil@x.test");
    }

    @Test
    void longSubjectIsFoldedAndReadsBackWhole() throws Exception {
        String subject = Subjects.outbound("word ".repeat(60), TICKET);
        MailComposer.Composed c = composer.compose(mail(OutgoingMail.Kind.AGENT_REPLY, "Bob", subject, List.of()), NOW);
        assertThat(c.raw().split("\r\n")).allMatch(l -> l.length() <= 998);
        assertThat(parse(c).getSubject()).isEqualTo(subject);
    }
}
