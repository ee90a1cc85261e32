package postdesk.outbound;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;

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
import postdesk.threading.OwnMessageIds;
import postdesk.trust.ReplyTokens;

/**
 * Renders an {@link OutgoingMail} into the exact bytes that will be sent (PRODUCT.md section 5):
 * From the mailbox's support address under a display name, a Message-ID under Postdesk's domain naming the
 * ticket, In-Reply-To/References from the ticket's thread, X-Loop, and RFC 3834 headers on
 * automatic mail. Values from inbound mail are encoded by Jakarta Mail, so they cannot inject headers.
 */
public final class MailComposer {
    private static final int MAX_REFERENCES = 10;

    private final OwnMessageIds ids;
    private final ReplyTokens replyTokens;
    private final Session session = Session.getInstance(new Properties());

    /** Where a kept attachment's content is, by its SHA-256 (for mail that carries files). */
    private final java.util.function.Function<String, java.nio.file.Path> files;

    public MailComposer(OwnMessageIds ids, ReplyTokens replyTokens) {
        this(ids, replyTokens, sha -> {
            throw new IllegalStateException("no attachment store");
        });
    }

    public MailComposer(OwnMessageIds ids, ReplyTokens replyTokens, java.util.function.Function<String, java.nio.file.Path> files) {
        this.ids = ids;
        this.replyTokens = replyTokens;
        this.files = files;
    }

    /** A kept file as a part of its own type and name (RFC 2231 for names that need it). */
    private MimeBodyPart attachment(postdesk.mail.AttachmentInfo a) throws MessagingException {
        java.nio.file.Path path = files.apply(a.sha256());
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new jakarta.activation.DataHandler(new jakarta.activation.FileDataSource(path.toFile()) {
            @Override
            public String getContentType() {
                return a.contentType();
            }
        }));
        part.setDisposition(jakarta.mail.Part.ATTACHMENT);
        part.setFileName(a.filename());
        return part;
    }

    /** The Message-IDs this composer gives its mails. */
    public OwnMessageIds ids() {
        return ids;
    }

    public record Composed(String messageId, String raw) {
    }

    /** The reply address an agent answers a ticket with, as a notification carries it. */
    public String replyAddress(String supportAddress, String agent, postdesk.ticket.TicketId ticket, long position, Instant now) {
        return replyTokens.addressFor(supportAddress, agent, ticket, position, now);
    }

    public Composed compose(OutgoingMail mail, Instant now) {
        return compose(mail, now, 0);
    }

    /** {@code position}: the ticket's latest visible message now, carried in an agent's reply address. */
    public Composed compose(OutgoingMail mail, Instant now, long position) {
        String messageId = ids.newId(mail.ticket());
        try {
            MimeMessage msg = new MimeMessage(session) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", MessageIds.bracket(messageId));
                }
            };
            msg.setFrom(internet(new Address(mail.from().name(), mail.from().address())));
            msg.setReplyTo(new InternetAddress[] {new InternetAddress(replyTo(mail, now, position))});
            msg.setRecipients(RecipientType.TO, internet(mail.to()));
            if (!mail.cc().isEmpty()) msg.setRecipients(RecipientType.CC, internet(mail.cc()));
            msg.setSubject(mail.subject().replaceAll("[\\p{Cntrl}]+", " "), "UTF-8");
            msg.setSentDate(Date.from(now));
            List<String> refs = references(mail.threadIds());
            if (!refs.isEmpty()) {
                msg.setHeader("In-Reply-To", MessageIds.bracket(refs.get(refs.size() - 1)));
                msg.setHeader("References", String.join(" ", refs.stream().map(MessageIds::bracket).toList()));
            }
            msg.setHeader("X-Loop", mail.from().address());
            // Outlook groups conversations by these rather than by References
            msg.setHeader("Thread-Topic", MimeUtility.fold(14,
                    MimeUtility.encodeText(mail.threadTopic(), "UTF-8", null)));
            if (mail.ticket() != null) msg.setHeader("Thread-Index", OwnMessageIds.threadIndex(mail.ticket()));
            if (mail.kind().autoSubmitted != OutgoingMail.AutoSubmitted.NO) {
                msg.setHeader("Auto-Submitted", mail.kind().autoSubmitted.headerValue());
                msg.setHeader("X-Auto-Response-Suppress", "All");
            }
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setContent(Flowed.encode(mail.text()), "text/plain; charset=UTF-8; format=flowed");
            alternative.addBodyPart(text);
            MimeBodyPart html = new MimeBodyPart();
            html.setText(mail.html(), "UTF-8", "html");
            alternative.addBodyPart(html);
            if (mail.files().isEmpty()) {
                msg.setContent(alternative);
            } else {
                MimeMultipart mixed = new MimeMultipart("mixed");
                MimeBodyPart body = new MimeBodyPart();
                body.setContent(alternative);
                mixed.addBodyPart(body);
                for (postdesk.mail.AttachmentInfo a : mail.files()) mixed.addBodyPart(attachment(a));
                msg.setContent(mixed);
            }
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
    private String replyTo(OutgoingMail mail, Instant now, long position) {
        if (mail.kind().audience == postdesk.mail.Audience.AGENT && mail.ticket() != null && mail.recipients().size() == 1) {
            return replyTokens.addressFor(mail.from().address(), mail.recipients().get(0).address(), mail.ticket(), position, now);
        }
        return mail.from().address();
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
