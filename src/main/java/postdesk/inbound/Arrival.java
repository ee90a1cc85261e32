package postdesk.inbound;

import postdesk.mime.ParsedMail;
import postdesk.reading.MailKind;
import postdesk.reading.Reading;
import postdesk.reply.ReplyExtractor;
import postdesk.threading.Route;

/**
 * Everything the pipeline learned about one mail before applying it to a ticket; {@code forged}:
 * a trusted server found the sender's address forged.
 */
public record Arrival(FetchedMail raw, Reading read, Route route, Role role, boolean forged) {
    public ParsedMail mail() {
        return read.mail();
    }

    public MailKind kind() {
        return read.kind();
    }

    public ReplyExtractor.Reply reply() {
        return read.reply();
    }
}
