package postdesk.outbound;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Properties;
import java.util.random.RandomGenerator;

import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;

import postdesk.mail.Address;
import postdesk.mail.MessageIds;
import postdesk.ticket.TicketId;
import postdesk.trust.ReplyTokens;
import postdesk.trust.Signer;

/**
 * Renders an {@link OutgoingMail} into the exact bytes that will be sent (PRODUCT.md section 5):
 * From the support address under a display name, a Message-ID under Postdesk's domain naming the
 * ticket, In-Reply-To/References from the ticket's thread, X-Loop, and RFC 3834 headers on
 * automatic mail. Values from inbound mail are encoded by Jakarta Mail, so they cannot inject headers.
 */
public final class MailComposer {
    private static final int MAX_REFERENCES = 10;
    private static final String ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    private static final String MESSAGE_ID = "message-id";
    private static final Pattern OWN_ID = Pattern.compile("pd\\.([a-z0-9-]+)\\.([a-z0-9]{10})\\.([a-z2-7]{16})@(.+)");

    private final String supportAddress;
    private final String domain;
    private final RandomGenerator random;
    private final Signer signer;
    private final ReplyTokens replyTokens;
    private final Session session = Session.getInstance(new Properties());

    public MailComposer(String supportAddress, String domain, RandomGenerator random, Signer signer, ReplyTokens replyTokens) {
        this.supportAddress = supportAddress;
        this.domain = domain;
        this.random = random;
        this.signer = signer;
        this.replyTokens = replyTokens;
    }

    public record Composed(String messageId, String raw) {
    }

    public Composed compose(OutgoingMail mail, Instant now) {
        String messageId = newMessageId(mail);
        try {
            MimeMessage msg = new MimeMessage(session) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", MessageIds.bracket(messageId));
                }
            };
            msg.setFrom(internet(new Address(mail.fromName(), supportAddress)));
            msg.setReplyTo(new InternetAddress[] {new InternetAddress(replyTo(mail, now))});
            msg.setRecipients(RecipientType.TO, internet(mail.to()));
            if (!mail.cc().isEmpty()) msg.setRecipients(RecipientType.CC, internet(mail.cc()));
            msg.setSubject(mail.subject().replaceAll("[\\p{Cntrl}]+", " "), "UTF-8");
            msg.setSentDate(Date.from(now));
            List<String> refs = references(mail.threadIds());
            if (!refs.isEmpty()) {
                msg.setHeader("In-Reply-To", MessageIds.bracket(refs.get(refs.size() - 1)));
                msg.setHeader("References", String.join(" ", refs.stream().map(MessageIds::bracket).toList()));
            }
            msg.setHeader("X-Loop", supportAddress);
            // Outlook groups conversations by these rather than by References
            msg.setHeader("Thread-Topic", MimeUtility.fold(14,
                    MimeUtility.encodeText(mail.threadTopic(), "UTF-8", null)));
            if (mail.ticket() != null) msg.setHeader("Thread-Index", threadIndex(mail.ticket()));
            if (mail.kind().autoSubmitted != OutgoingMail.AutoSubmitted.NO) {
                msg.setHeader("Auto-Submitted", mail.kind().autoSubmitted.headerValue());
                msg.setHeader("X-Auto-Response-Suppress", "All");
            }
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(mail.text(), "UTF-8");
            alternative.addBodyPart(text);
            MimeBodyPart html = new MimeBodyPart();
            html.setText(mail.html(), "UTF-8", "html");
            alternative.addBodyPart(html);
            msg.setContent(alternative);
            msg.saveChanges();

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            msg.writeTo(out);
            // every byte is ASCII after MIME encoding; ISO-8859-1 keeps the bytes exact either way
            return new Composed(messageId, out.toString(StandardCharsets.ISO_8859_1));
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("cannot compose " + mail.kind() + " for " + mail.ticket() + ": " + e.getMessage(), e);
        }
    }

    /**
     * An agent's copy of a ticket mail answers to the agent's own reply address, which proves the
     * answer is theirs; everything else answers to the support address.
     */
    private String replyTo(OutgoingMail mail, Instant now) {
        if (mail.kind().audience == postdesk.mail.Audience.AGENT && mail.ticket() != null && mail.recipients().size() == 1) {
            return replyTokens.addressFor(mail.recipients().get(0).address(), mail.ticket(), now);
        }
        return supportAddress;
    }

    /**
     * {@code pd.tkt-xxxxx-xxxx.ENTRY.SIGNATURE@domain} ({@code pd.postdesk.…} for mail about no
     * ticket): unique, and signed, so only Postdesk can make an ID that names a ticket.
     */
    private String newMessageId(OutgoingMail mail) {
        String about = mail.ticket() == null ? "postdesk" : mail.ticket().value().toLowerCase(Locale.ROOT);
        StringBuilder entry = new StringBuilder();
        for (int i = 0; i < 10; i++) entry.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        return "pd." + about + "." + entry + "." + signer.sign(MESSAGE_ID, about, entry.toString()) + "@" + domain;
    }

    /**
     * Outlook's conversation key: 22 bytes, base64. A date part and a GUID, both derived from the
     * ticket ID, so every mail of a ticket carries the same index and lands in one conversation.
     */
    static String threadIndex(TicketId ticket) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(ticket.value().getBytes(StandardCharsets.US_ASCII));
            byte[] index = new byte[22];
            // first byte 0x01 keeps the FILETIME part in a plausible range for clients that decode it
            index[0] = 0x01;
            System.arraycopy(digest, 0, index, 1, 21);
            return Base64.getEncoder().encodeToString(index);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a Message-ID is one this instance made (its signature checks out). */
    public boolean isOwnMessageId(String messageId) {
        return ownId(messageId) != null;
    }

    /** The ticket a Message-ID of this instance names; empty for anyone else's ID or a forged one. */
    public Optional<TicketId> ticketOf(String messageId) {
        Matcher m = ownId(messageId);
        return m == null ? Optional.empty() : TicketId.parse(m.group(1).toUpperCase(Locale.ROOT));
    }

    private Matcher ownId(String messageId) {
        if (messageId == null) return null;
        Matcher m = OWN_ID.matcher(messageId.toLowerCase(Locale.ROOT));
        if (!m.matches() || !m.group(4).equals(domain.toLowerCase(Locale.ROOT))) return null;
        return signer.verify(m.group(3), MESSAGE_ID, m.group(1), m.group(2)) ? m : null;
    }

    /** The first and the latest IDs of the thread: enough for every client to thread, bounded in size. */
    private static List<String> references(List<String> threadIds) {
        if (threadIds.size() <= MAX_REFERENCES) return threadIds;
        List<String> refs = new ArrayList<>();
        refs.add(threadIds.get(0));
        refs.addAll(threadIds.subList(threadIds.size() - (MAX_REFERENCES - 1), threadIds.size()));
        return refs;
    }

    private static InternetAddress internet(Address a) {
        try {
            return new InternetAddress(a.address(), a.name().isEmpty() ? null : a.name(), "UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InternetAddress[] internet(List<Address> list) {
        return list.stream().map(MailComposer::internet).toArray(InternetAddress[]::new);
    }
}
