package postdesk.inbound;

import java.util.Optional;

import postdesk.mail.Address;
import postdesk.mime.ParsedMail;
import postdesk.reading.MailKind;
import postdesk.reading.Reading;

/**
 * Pipeline step "sender": whom a mail is from when its From line names nobody (a missing From, a
 * display name without an address, a broken header). The parser already fell back to Sender;
 * then the Reply-To, which the writer chose to be answered at. The envelope sender
 * (Return-Path) is not taken: it is often a list's or a mailer's bounce address. Machine mail
 * may have no sender at all ("MAILER-DAEMON <>").
 */
final class Senders {
    private Senders() {
    }

    /**
     * The mail with its sender found. A person's mail with no sender address anywhere has nobody
     * to answer and is quarantined; machine mail ("MAILER-DAEMON <>") goes on, to its own route.
     */
    static Reading withSender(Reading read) throws InboundPipeline.UnreadableMailException {
        Reading found = fallBack(read);
        if (found.mail().from().address().isEmpty() && found.kind() == MailKind.HUMAN) {
            throw new InboundPipeline.UnreadableMailException("no sender address in From, Sender or Reply-To: nobody to answer");
        }
        return found;
    }

    private static Reading fallBack(Reading read) {
        ParsedMail m = read.mail();
        if (!m.from().address().isEmpty()) return read;
        Optional<Address> found = m.replyTo().stream().filter(a -> !a.address().isEmpty()).findFirst();
        if (found.isEmpty()) return read;
        String name = m.from().name().isEmpty() ? found.get().name() : m.from().name();
        return new Reading(m.withFrom(new Address(name, found.get().address())), read.kind(), read.reply(), read.bounce(), read.language());
    }
}
